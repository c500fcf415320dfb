import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Contest,
  competes,
  contestBoardCohort,
  contestInstants,
  contestPeriod,
  contestProblems,
  contestStatus,
  describeContests,
} from "../../scoring/contests";
import { contestScore } from "./reference/contests";
import { contestPeriodAt } from "./reference/contests";
import { periodInstants } from "../../scoring/periods";
import { type ScoredMetric, byMetric, dayFigures, inPeriod } from "../../scoring/score";
import { periodScore } from "./reference/score";
import { targetPeriod } from "../../scoring/targets";
import { addDays, firstInstant, localDay } from "./reference-calendar";
import { ZONES, anchorsOf } from "./worlds";

const HOUR = 3_600_000;
const contest = (over: Partial<Contest> = {}): Contest => ({
  key: "autumn-push",
  name: "Autumn push",
  start: "2026-10-19",
  end: "2026-10-25",
  metrics: null,
  cohort: null,
  ...over,
});

describe("contestProblems", () => {
  const metrics = [
    { key: "calls", indicator: "lead" as const },
    { key: "posts", indicator: "lead" as const },
    { key: "deals", indicator: "lag" as const },
  ];

  it("accepts a one-day contest, every lead metric, or a list of lead metrics", () => {
    expect(contestProblems([contest({ start: "2026-10-25", end: "2026-10-25" }), contest({ key: "b", metrics: ["posts", "calls"] })], metrics)).toEqual([]);
  });

  it("refuses an end before the start, repeated keys, and metrics that are empty, unknown, lag or repeated", () => {
    const contests = [contest({ start: "2026-10-26" }), contest({ metrics: [] }), contest({ key: "c", metrics: ["calls", "nope", "deals", "calls"] })];
    expect(contestProblems(contests, metrics)).toEqual([
      { path: ["contests", 1, "key"], message: 'key "autumn-push" appears more than once' },
      { path: ["contests", 0, "end"], message: "must not be before start" },
      { path: ["contests", 1, "metrics"], message: "must be null (every lead metric) or list at least one metric" },
      { path: ["contests", 2, "metrics", 1], message: 'no metric "nope" in metrics' },
      { path: ["contests", 2, "metrics", 2], message: 'metric "deals" is not a lead metric' },
      { path: ["contests", 2, "metrics", 3], message: 'metric "calls" appears more than once' },
    ]);
  });

  it("compares dates as dates across a year end", () => {
    expect(contestProblems([contest({ start: "2026-12-28", end: "2027-01-03" })], metrics)).toEqual([]);
    expect(contestProblems([contest({ start: "2027-01-03", end: "2026-12-28" })], metrics)).toHaveLength(1);
  });
});

describe("contest periods", () => {
  it("is labelled by its key and holds its days, both ends included", () => {
    const period = contestPeriod(contest());
    expect(period).toEqual({ kind: "contest", label: "autumn-push", firstDay: "2026-10-19", endDay: "2026-10-26" });
    expect(["2026-10-18", "2026-10-19", "2026-10-25", "2026-10-26"].map((d) => inPeriod(d, period))).toEqual([false, true, true, false]);
    expect(contestPeriodAt([contest()], "autumn-push")).toEqual(period);
    expect(contestPeriodAt([contest()], "2026-10-19")).toBeNull();
  });

  it("spans London's 25-hour day at the end of October in real instants", () => {
    const { start, end } = contestInstants(contest(), "Europe/London");
    expect(new Date(start).toISOString()).toBe("2026-10-18T23:00:00.000Z"); // BST midnight
    expect(new Date(end).toISOString()).toBe("2026-10-26T00:00:00.000Z"); // GMT midnight
    expect(end - start).toBe(169 * HOUR);
    const oneDay = contestInstants(contest({ start: "2026-10-25", end: "2026-10-25" }), "Europe/London");
    expect(oneDay.end - oneDay.start).toBe(25 * HOUR);
  });

  it("crosses a year end: 2026-W53 in New York and in Chatham", () => {
    const w53 = contest({ start: "2026-12-28", end: "2027-01-03" });
    const ny = contestInstants(w53, "America/New_York");
    expect([ny.start, ny.end].map((t) => new Date(t).toISOString())).toEqual(["2026-12-28T05:00:00.000Z", "2027-01-04T05:00:00.000Z"]);
    const chatham = contestInstants(w53, "Pacific/Chatham");
    expect([chatham.start, chatham.end].map((t) => new Date(t).toISOString())).toEqual(["2026-12-27T10:15:00.000Z", "2027-01-03T10:15:00.000Z"]);
    // Targets measured at the contest's last day, once it has ended.
    expect(targetPeriod("month", contestPeriod(w53), "2027-02-01").label).toBe("2027-01");
    expect(targetPeriod("week", contestPeriod(w53), "2027-02-01").label).toBe("2026-W53");
    expect(targetPeriod("week", contestPeriod(w53), "2026-12-30").label).toBe("2026-W53");
  });

  it("is upcoming, running and ended at its instants", () => {
    const { start, end } = contestInstants(contest(), "Europe/London");
    const status = (now: number) => contestStatus(contest(), "Europe/London", now);
    expect([start - 1, start, end - 1, end].map(status)).toEqual(["upcoming", "running", "running", "ended"]);
  });

  it("lists contests by start, then key, with instants in UTC", () => {
    const contests = [contest({ key: "b", start: "2026-11-02", end: "2026-11-08" }), contest({ key: "c" }), contest({ key: "a" })];
    const now = Date.parse("2026-10-30T12:00:00Z");
    expect(describeContests(contests, "Europe/London", now).map((c) => [c.key, c.status])).toEqual([
      ["a", "ended"],
      ["c", "ended"],
      ["b", "upcoming"],
    ]);
    expect(describeContests([contest({ metrics: ["calls"], cohort: "London" })], "Europe/London", now)).toEqual([
      {
        key: "autumn-push",
        name: "Autumn push",
        start: "2026-10-18T23:00:00.000Z",
        end: "2026-10-26T00:00:00.000Z",
        status: "ended",
        metrics: ["calls"],
        cohort: "London",
      },
    ]);
  });

  it("agrees with instants found by bisection, in every zone", () => {
    for (const timeZone of ZONES) {
      const days = anchorsOf(timeZone).map((t) => localDay(t, timeZone));
      const arb = fc.record({
        start: fc.constantFrom(...days).chain((d) => fc.integer({ min: -3, max: 3 }).map((n) => addDays(d, n))),
        length: fc.integer({ min: 0, max: 9 }),
        now: fc.integer({ min: -3 * 24, max: 14 * 24 }).map((h) => (h * HOUR) / 4),
      });
      fc.assert(
        fc.property(arb, ({ start, length, now }) => {
          const c = contest({ start, end: addDays(start, length) });
          const s = firstInstant(start, timeZone);
          const e = firstInstant(addDays(start, length + 1), timeZone);
          expect(contestInstants(c, timeZone)).toEqual({ start: s, end: e });
          const t = s + now;
          expect(contestStatus(c, timeZone, t)).toBe(t < s ? "upcoming" : t < e ? "running" : "ended");
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe("who competes", () => {
  it("keeps the contest's cohort, narrowed by the query's; a different one gives an empty board", () => {
    expect(contestBoardCohort(contest(), null)).toEqual({ cohort: null });
    expect(contestBoardCohort(contest(), "SMB")).toEqual({ cohort: "SMB" });
    expect(contestBoardCohort(contest({ cohort: "London" }), null)).toEqual({ cohort: "London" });
    expect(contestBoardCohort(contest({ cohort: "London" }), "London")).toEqual({ cohort: "London" });
    expect(contestBoardCohort(contest({ cohort: "London" }), "SMB")).toBeNull();
  });

  it("agrees with both conditions checked separately", () => {
    const cohorts = fc.option(fc.constantFrom("London", "SMB", ""), { nil: null });
    fc.assert(
      fc.property(cohorts, cohorts, cohorts, (own, queried, mine) => {
        const expected = (own === null || own === mine) && (queried === null || queried === mine);
        expect(competes(contest({ cohort: own }), mine, queried)).toBe(expected);
      }),
    );
  });
});

describe("contestScore", () => {
  const calls: ScoredMetric = { key: "calls", indicator: "lead", versions: [{ effectiveFrom: "2026-01-01", pointsH: 200, dailyCapH: 300 }] };
  const posts: ScoredMetric = { key: "posts", indicator: "lead", versions: [{ effectiveFrom: "2026-01-01", pointsH: 50, dailyCapH: null }] };
  const deals: ScoredMetric = { key: "deals", indicator: "lag", versions: [{ effectiveFrom: "2026-01-01", pointsH: 900, dailyCapH: null }] };
  const metrics = [calls, posts, deals];
  const daily = [
    { metric: "calls", day: "2026-12-27", unitsH: 100 }, // the day before
    { metric: "calls", day: "2026-12-28", unitsH: 500 }, // capped at 3: 6 points
    { metric: "posts", day: "2026-12-31", unitsH: 200 }, // 1 point
    { metric: "deals", day: "2027-01-01", unitsH: 100 }, // a lag metric: no points
    { metric: "posts", day: "2027-01-03", unitsH: 100 }, // 0.5 points
    { metric: "calls", day: "2027-01-04", unitsH: 100 }, // the day after
  ];
  const rollups = daily.map((d) => ({ ...d, ...dayFigures(metrics.find((m) => m.key === d.metric)!, d.day, d.unitsH) }));
  const w53 = contest({ start: "2026-12-28", end: "2027-01-03" });

  it("adds the daily points of the contest's metrics over its days, across a year end", () => {
    expect(contestScore(w53, rollups)).toBe(75_000);
    expect(contestScore({ ...w53, metrics: ["calls"] }, rollups)).toBe(60_000);
    expect(contestScore({ ...w53, metrics: ["posts"] }, rollups)).toBe(15_000);
    expect(contestScore({ ...w53, start: "2027-01-04", end: "2027-01-04" }, rollups)).toBe(20_000);
  });

  it("matches the score functions over the contest period; byMetric covers every metric", () => {
    const period = contestPeriod(w53);
    expect(periodScore([posts], daily, period)).toBe(15_000);
    expect(periodScore(metrics, daily, period)).toBe(75_000);
    expect(byMetric(metrics, daily, period).map((f) => [f.metric, f.units, f.cappedUnits, f.points])).toEqual([
      ["calls", 5, 3, 6],
      ["posts", 3, 3, 1.5],
      ["deals", 1, 1, 0],
    ]);
    expect(periodInstants(period, "UTC")).toEqual({ start: Date.UTC(2026, 11, 28), end: Date.UTC(2027, 0, 4) });
  });

  it("agrees with walking the contest's days one by one", () => {
    const keys = ["calls", "posts", "notes"];
    const day = fc.integer({ min: -10, max: 10 }).map((n) => addDays("2026-12-31", n));
    const arb = fc.record({
      rows: fc.array(fc.record({ metric: fc.constantFrom(...keys), day, points: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 30 }),
      start: day,
      length: fc.integer({ min: 0, max: 12 }),
      metrics: fc.option(fc.subarray(keys, { minLength: 1 }), { nil: null }),
    });
    fc.assert(
      fc.property(arb, ({ rows, start, length, metrics: list }) => {
        let expected = 0;
        for (let i = 0; i <= length; i++) {
          const d = addDays(start, i);
          for (const r of rows) if (r.day === d && (list === null || list.includes(r.metric))) expected += r.points;
        }
        expect(contestScore({ start, end: addDays(start, length), metrics: list }, rows)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
