import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../scoring/periods";
import { type ScoredMetric, byMetric, dayFigures, inPeriod, pointsByDay, sumFigures, weightOn } from "../../scoring/score";
import { periodScore } from "./reference/score";

// calls: 2 points, at most 5 a day; from 2026-06-10, 3 points and no cap.
const calls: ScoredMetric = {
  key: "calls",
  indicator: "lead",
  versions: [
    { effectiveFrom: "2026-06-10", pointsH: 300, dailyCapH: null },
    { effectiveFrom: "2026-06-01", pointsH: 200, dailyCapH: 500 },
  ],
};
// prep: 0.29 points per unit of a summed value.
const prep: ScoredMetric = { key: "prep", indicator: "lead", versions: [{ effectiveFrom: "2026-06-01", pointsH: 29, dailyCapH: null }] };
// deals: a lag metric with points and a cap, which still earns nothing.
const deals: ScoredMetric = { key: "deals", indicator: "lag", versions: [{ effectiveFrom: "2026-06-01", pointsH: 1_000, dailyCapH: 200 }] };
const metrics = [calls, prep, deals];

const daily = [
  { metric: "calls", day: "2026-05-31", unitsH: 700 }, // before the first version: 5 × 2 = 10
  { metric: "calls", day: "2026-06-09", unitsH: 800 }, // 5 × 2 = 10
  { metric: "calls", day: "2026-06-10", unitsH: 800 }, // 8 × 3 = 24
  { metric: "prep", day: "2026-06-09", unitsH: 7 }, // 0.07 × 0.29 = 0.0203
  { metric: "deals", day: "2026-06-09", unitsH: 300 }, // capped 2, no points
  { metric: "gone", day: "2026-06-09", unitsH: 100 }, // a metric not passed in
];

const week = parsePeriod("week", "2026-W24")!; // 2026-06-08 to 2026-06-14
const june = parsePeriod("month", "2026-06")!;
const all = parsePeriod("all", "all")!;

describe("dayFigures", () => {
  it("caps units by the day's version and weights them", () => {
    expect(dayFigures(calls, "2026-06-09", 800)).toEqual({ unitsH: 800, cappedH: 500, points: 100_000 });
    expect(dayFigures(calls, "2026-06-10", 800)).toEqual({ unitsH: 800, cappedH: 800, points: 240_000 });
    expect(dayFigures(calls, "2026-05-31", 700)).toEqual({ unitsH: 700, cappedH: 500, points: 100_000 });
    expect(dayFigures(prep, "2026-06-09", 7)).toEqual({ unitsH: 7, cappedH: 7, points: 203 });
  });

  it("caps a lag metric's units but gives it no points", () => {
    expect(dayFigures(deals, "2026-06-09", 300)).toEqual({ unitsH: 300, cappedH: 200, points: 0 });
  });

  it("refuses a metric without versions", () => {
    expect(() => weightOn({ key: "x", indicator: "lead", versions: [] }, "2026-06-01")).toThrow(/no weight versions/);
  });
});

describe("period scores", () => {
  it("sums lead points over the period's days only", () => {
    expect(periodScore(metrics, daily, week)).toBe(100_000 + 240_000 + 203);
    expect(periodScore(metrics, daily, june)).toBe(100_000 + 240_000 + 203);
    expect(periodScore(metrics, daily, all)).toBe(100_000 + 100_000 + 240_000 + 203);
    expect(periodScore(metrics, daily, parsePeriod("day", "2026-06-10")!)).toBe(240_000);
    expect(periodScore(metrics, daily, parsePeriod("day", "2026-06-11")!)).toBe(0);
    expect(periodScore(metrics, [], all)).toBe(0);
  });

  it("keeps exact decimals that floats would not", () => {
    // 0.1 + 0.2 units of a 1-point metric, three days in a row: 0.9 exactly.
    const one: ScoredMetric = { key: "one", indicator: "lead", versions: [{ effectiveFrom: "2026-01-01", pointsH: 100, dailyCapH: null }] };
    const rows = ["2026-06-01", "2026-06-02", "2026-06-03"].flatMap((day) => [
      { metric: "one", day, unitsH: 10 },
      { metric: "one", day, unitsH: 20 },
    ]);
    expect(byMetric([one], rows, all)).toEqual([{ metric: "one", indicator: "lead", units: 0.9, cappedUnits: 0.9, points: 0.9 }]);
  });

  it("gives lead points per day, for streaks", () => {
    expect(Object.fromEntries(pointsByDay(metrics, daily))).toEqual({
      "2026-05-31": 100_000,
      "2026-06-09": 100_203,
      "2026-06-10": 240_000,
    });
  });

  it("knows which days a period holds", () => {
    expect(inPeriod("2026-06-08", week)).toBe(true);
    expect(inPeriod("2026-06-14", week)).toBe(true);
    expect(inPeriod("2026-06-15", week)).toBe(false);
    expect(inPeriod("2026-06-07", week)).toBe(false);
    expect(inPeriod("1999-01-01", all)).toBe(true);
  });
});

describe("byMetric", () => {
  it("lists every metric passed in, in order, as exact JSON numbers", () => {
    expect(byMetric(metrics, daily, week)).toEqual([
      { metric: "calls", indicator: "lead", units: 16, cappedUnits: 13, points: 34 },
      { metric: "prep", indicator: "lead", units: 0.07, cappedUnits: 0.07, points: 0.0203 },
      { metric: "deals", indicator: "lag", units: 3, cappedUnits: 2, points: 0 },
    ]);
    expect(byMetric(metrics, daily, parsePeriod("day", "2026-06-11")!).map((m) => [m.units, m.cappedUnits, m.points])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("sums figures per metric in exact units", () => {
    expect(Object.fromEntries(sumFigures(metrics, daily, all))).toEqual({
      calls: { unitsH: 2_300, cappedH: 1_800, points: 440_000 },
      prep: { unitsH: 7, cappedH: 7, points: 203 },
      deals: { unitsH: 300, cappedH: 200, points: 0 },
    });
  });
});
