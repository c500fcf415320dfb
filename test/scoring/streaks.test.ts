import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countingDays, dayNumber, streakOf } from "../../scoring/streaks";
import { addDays } from "./reference-calendar";

describe("streakOf", () => {
  it("counts a run ending today", () => {
    expect(streakOf(["2026-06-08", "2026-06-09", "2026-06-10"], "2026-06-10")).toEqual({ current: 3, longest: 3 });
  });

  it("counts a run ending yesterday while today has not counted yet", () => {
    expect(streakOf(["2026-06-08", "2026-06-09"], "2026-06-10")).toEqual({ current: 2, longest: 2 });
  });

  it("has no current streak after a day without points", () => {
    expect(streakOf(["2026-06-07", "2026-06-08"], "2026-06-10")).toEqual({ current: 0, longest: 2 });
    expect(streakOf([], "2026-06-10")).toEqual({ current: 0, longest: 0 });
  });

  it("keeps the longest run ever beside a shorter current one", () => {
    const days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-06-09", "2026-06-10"];
    expect(streakOf(days, "2026-06-10")).toEqual({ current: 2, longest: 4 });
  });

  it("runs across month, year and leap-day boundaries", () => {
    expect(streakOf(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"], "2027-01-02")).toEqual({ current: 4, longest: 4 });
    expect(streakOf(["2028-02-28", "2028-02-29", "2028-03-01"], "2028-03-02")).toEqual({ current: 3, longest: 3 });
    expect(streakOf(["2027-02-28", "2027-03-01"], "2027-03-01")).toEqual({ current: 2, longest: 2 });
    expect(streakOf(["2026-03-28", "2026-03-29", "2026-03-30"], "2026-03-30").current).toBe(3); // a 23-hour day inside
  });

  it("takes days in any order, repeated", () => {
    expect(streakOf(["2026-06-10", "2026-06-08", "2026-06-09", "2026-06-09"], "2026-06-10")).toEqual({ current: 3, longest: 3 });
  });

  it("counts a day after today (an event just ahead of the clock) only in the longest run", () => {
    expect(streakOf(["2026-06-09", "2026-06-10", "2026-06-11"], "2026-06-10")).toEqual({ current: 2, longest: 3 });
  });

  it("agrees with walking day by day", () => {
    const base = "2026-12-01";
    const days = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 50 }).map((ns) => ns.map((n) => addDays(base, n)));
    const today = fc.integer({ min: 0, max: 62 }).map((n) => addDays(base, n));
    fc.assert(
      fc.property(days, today, (list, t) => {
        let longest = 0;
        for (const start of list) {
          let run = 0;
          while (list.includes(addDays(start, run))) run++;
          longest = Math.max(longest, run);
        }
        let day = list.includes(t) ? t : addDays(t, -1);
        let current = 0;
        while (list.includes(day)) {
          current++;
          day = addDays(day, -1);
        }
        expect(streakOf(list, t)).toEqual({ current, longest });
      }),
      { numRuns: 300 },
    );
  });
});

describe("helpers", () => {
  it("numbers days consecutively", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("2027-01-01") - dayNumber("2026-12-31")).toBe(1);
    expect(dayNumber("2028-03-01") - dayNumber("2028-02-28")).toBe(2);
  });

  it("counts only days with points above zero", () => {
    expect(
      countingDays([
        ["2026-06-01", 0],
        ["2026-06-02", 1],
        ["2026-06-03", 25_000],
      ]),
    ).toEqual(["2026-06-02", "2026-06-03"]);
  });
});
