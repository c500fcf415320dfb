import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Badge, type BadgeRule, type DayRollup, badgeHistory, badgeProblems, badgesEarned, earnedOn } from "../../scoring/badges";
import { type DailyUnits, type ScoredMetric, dayFigures } from "../../scoring/score";
import { applyWeight } from "../../scoring/weights";
import { addDays, bounds, label } from "./reference-calendar";

/** Lead points on a day (ten-thousandths) as a rollup of `calls`. */
const lead = (day: string, points: number, cappedH = 100): DayRollup => ({ metric: "calls", day, cappedH, points });
const earned = (rule: BadgeRule, rollups: DayRollup[], ranks: { week: string; rank: number }[] = []) => earnedOn(rule, badgeHistory(rollups, ranks));

// ---- The reference: each rule checked literally on every day, walking the calendar. ----

const leadPoints = (rows: DayRollup[], d: string) => rows.filter((r) => r.day === d).reduce((s, r) => s + r.points, 0);

function holdsOn(rule: Exclude<BadgeRule, { kind: "top" }>, rows: DayRollup[], d: string): boolean {
  switch (rule.kind) {
    case "streak": {
      let run = 0;
      for (let e = d; leadPoints(rows, e) > 0; e = addDays(e, -1)) run++;
      return run >= rule.days;
    }
    case "day":
      return leadPoints(rows, d) >= rule.pointsH * 100;
    case "week": {
      let sum = 0;
      for (let e = d; label("week", e) === label("week", d); e = addDays(e, -1)) sum += leadPoints(rows, e);
      return sum >= rule.pointsH * 100;
    }
    case "total": {
      const upTo = rows.filter((r) => r.day <= d);
      if (rule.metric === null) return upTo.reduce((s, r) => s + r.points, 0) >= rule.valueH * 100;
      return upTo.filter((r) => r.metric === rule.metric).reduce((s, r) => s + r.cappedH, 0) >= rule.valueH;
    }
  }
}

function refEarnedOn(rule: BadgeRule, rows: DayRollup[], listed: { day: string; rank: number }[]): string | null {
  if (rule.kind === "top") {
    // Each listing's week runs Monday to Sunday; the earliest week is the one with the earliest Sunday.
    const sundays = listed.filter((l) => l.rank <= rule.rank).map((l) => addDays(bounds("week", l.day).end, -1));
    return sundays.sort()[0] ?? null;
  }
  const days = rows.map((r) => r.day).sort();
  for (let d = days[0]; days.length > 0 && d <= days.at(-1)!; d = addDays(d, 1)) if (holdsOn(rule, rows, d)) return d;
  return null;
}

describe("earnedOn", () => {
  it("streak: the day the run of counting days reaches N, a gap starting over, across a year end", () => {
    const rows = [
      lead("2026-12-27", 100),
      lead("2026-12-29", 100),
      lead("2026-12-30", 0),
      lead("2026-12-31", 100),
      lead("2027-01-01", 100),
      lead("2027-01-02", 1),
    ];
    expect(earned({ kind: "streak", days: 1 }, rows)).toBe("2026-12-27");
    expect(earned({ kind: "streak", days: 2 }, rows)).toBe("2027-01-01");
    expect(earned({ kind: "streak", days: 3 }, rows)).toBe("2027-01-02");
    expect(earned({ kind: "streak", days: 4 }, rows)).toBeNull();
    expect(earned({ kind: "streak", days: 3 }, [lead("2028-02-28", 1), lead("2028-02-29", 1), lead("2028-03-01", 1)])).toBe("2028-03-01");
  });

  it("day: the first day with lead points of at least X, summed over metrics, lag metrics earning none", () => {
    const rows = [
      lead("2026-06-01", 99_999),
      lead("2026-06-02", 60_000),
      { metric: "posts", day: "2026-06-02", cappedH: 100, points: 40_000 },
      lead("2026-06-03", 500_000),
    ];
    expect(earned({ kind: "day", pointsH: 1_000 }, rows)).toBe("2026-06-02"); // exactly 10
    expect(earned({ kind: "day", pointsH: 999 }, rows)).toBe("2026-06-01"); // 9.9999 ≥ 9.99
    expect(earned({ kind: "day", pointsH: 5_001 }, rows)).toBeNull();
    expect(earned({ kind: "day", pointsH: 1 }, [{ metric: "deals", day: "2026-06-01", cappedH: 900, points: 0 }])).toBeNull();
  });

  it("week: the day the week's running score reaches X, starting over each Monday", () => {
    // 2026-W53 runs Monday 2026-12-28 to Sunday 2027-01-03.
    // Week sums: 2026-W52 9, 2026-W53 3 + 3 + 4 = 10 (over a year end), 2027-W01 9.
    const rows = [
      lead("2026-12-26", 40_000),
      lead("2026-12-27", 50_000),
      lead("2026-12-28", 30_000),
      lead("2026-12-31", 30_000),
      lead("2027-01-02", 40_000),
      lead("2027-01-04", 90_000),
    ];
    expect(earned({ kind: "week", pointsH: 900 }, rows)).toBe("2026-12-27");
    expect(earned({ kind: "week", pointsH: 1_000 }, rows)).toBe("2027-01-02");
    expect(earned({ kind: "week", pointsH: 1_001 }, rows)).toBeNull();
  });

  it("total: the day all-time lead points, or a metric's capped units, reach X", () => {
    const rows = [lead("2026-06-01", 50_000, 300), { metric: "deals", day: "2026-06-02", cappedH: 150, points: 0 }, lead("2026-06-05", 50_000, 200)];
    expect(earned({ kind: "total", metric: null, valueH: 1_000 }, rows)).toBe("2026-06-05");
    expect(earned({ kind: "total", metric: "calls", valueH: 500 }, rows)).toBe("2026-06-05");
    expect(earned({ kind: "total", metric: "calls", valueH: 300 }, rows)).toBe("2026-06-01");
    expect(earned({ kind: "total", metric: "deals", valueH: 150 }, rows)).toBe("2026-06-02"); // a lag metric's units count
    expect(earned({ kind: "total", metric: "posts", valueH: 1 }, rows)).toBeNull();
  });

  it("top: the Sunday of the earliest week listed at rank N or better, in any order", () => {
    const ranks = [
      { week: "2027-W02", rank: 1 },
      { week: "2026-W53", rank: 3 },
      { week: "2026-W52", rank: 7 },
    ];
    expect(earned({ kind: "top", rank: 3 }, [], ranks)).toBe("2027-01-03");
    expect(earned({ kind: "top", rank: 1 }, [], ranks)).toBe("2027-01-17");
    expect(earned({ kind: "top", rank: 10 }, [], ranks)).toBe("2026-12-27");
    expect(earned({ kind: "top", rank: 100 }, [], [])).toBeNull();
    // A regenerated report that lists them lower moves the badge to a later week.
    expect(earned({ kind: "top", rank: 3 }, [], [{ week: "2026-W53", rank: 4 }, ...ranks.slice(0, 1)])).toBe("2027-01-17");
  });

  const kinds = fc.oneof(
    fc.integer({ min: 1, max: 5 }).map((days): BadgeRule => ({ kind: "streak", days })),
    fc.constantFrom(1, 50, 100, 250, 500, 1_000).map((pointsH): BadgeRule => ({ kind: "day", pointsH })),
    fc.constantFrom(1, 100, 250, 500, 1_000, 2_500).map((pointsH): BadgeRule => ({ kind: "week", pointsH })),
    fc
      .record({ metric: fc.constantFrom(null, "calls", "posts", "deals", "nope"), valueH: fc.constantFrom(1, 100, 250, 1_000, 4_000) })
      .map(({ metric, valueH }): BadgeRule => ({ kind: "total", metric, valueH })),
    fc.constantFrom(1, 2, 5, 100).map((rank): BadgeRule => ({ kind: "top", rank })),
  );
  const day = fc.integer({ min: -12, max: 12 }).map((n) => addDays("2026-12-31", n));
  const rollups = fc
    .array(
      fc.record({
        metric: fc.constantFrom("calls", "posts", "deals"),
        day,
        cappedH: fc.constantFrom(0, 50, 100, 250),
        points: fc.constantFrom(0, 1, 5_000, 10_000, 25_000, 100_000),
      }),
      { maxLength: 25 },
    )
    .map((rows) => rows.map((r) => (r.metric === "deals" ? { ...r, points: 0 } : r)));
  const listed = fc.array(fc.record({ day, rank: fc.integer({ min: 1, max: 8 }) }), { maxLength: 4 });

  it("agrees with checking each rule on every day", () => {
    fc.assert(
      fc.property(kinds, rollups, listed, (rule, rows, ranks) => {
        const history = badgeHistory(
          rows,
          ranks.map((l) => ({ week: label("week", l.day), rank: l.rank })),
        );
        expect(earnedOn(rule, history)).toBe(refEarnedOn(rule, rows, ranks));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("badges derived from the data as it stands", () => {
  const badges: Badge[] = [
    { key: "ten-a-day", name: "Ten in a day", rule: { kind: "day", pointsH: 1_000 } },
    { key: "fifteen", name: "Fifteen", rule: { kind: "total", metric: null, valueH: 1_500 } },
    { key: "three-days", name: "Three days", rule: { kind: "streak", days: 3 } },
    { key: "a-first", name: "First points", rule: { kind: "streak", days: 1 } },
  ];
  const daily: DailyUnits[] = [
    { metric: "calls", day: "2026-06-01", unitsH: 300 },
    { metric: "calls", day: "2026-06-02", unitsH: 600 },
    { metric: "calls", day: "2026-06-04", unitsH: 100 },
    { metric: "calls", day: "2026-06-05", unitsH: 100 },
  ];
  const rollupsOf = (metric: ScoredMetric, rows: DailyUnits[]) => rows.map((d) => ({ metric: d.metric, day: d.day, ...dayFigures(metric, d.day, d.unitsH) }));
  const v1 = applyWeight([], { pointsH: 200, dailyCapH: null }, "2026-01-01", "2026-01-01").versions;
  const calls: ScoredMetric = { key: "calls", indicator: "lead", versions: v1 };

  it("lists badges earned by a day, by earnedOn then key", () => {
    // Points: 6, 12, 2, 2 on 06-01, 06-02, 06-04, 06-05.
    const history = badgeHistory(rollupsOf(calls, daily));
    expect(badgesEarned(badges, history, "2026-06-30")).toEqual([
      { key: "a-first", name: "First points", earnedOn: "2026-06-01" },
      { key: "fifteen", name: "Fifteen", earnedOn: "2026-06-02" },
      { key: "ten-a-day", name: "Ten in a day", earnedOn: "2026-06-02" },
    ]);
    expect(badgesEarned(badges, history, "2026-06-01").map((b) => b.key)).toEqual(["a-first"]);
    expect(badgesEarned(badges, history, "2026-05-31")).toEqual([]);
  });

  it("removes a badge when a re-weight lowers the points that earned it", () => {
    // From 2026-06-02 on, 1 point a call: 6, 6, 1, 1. Nothing reaches 10 in a day or 15 in all.
    const reweighted = { ...calls, versions: applyWeight(v1, { pointsH: 100, dailyCapH: null }, "2026-06-02", "2026-06-10").versions };
    expect(badgesEarned(badges, badgeHistory(rollupsOf(reweighted, daily)), "2026-06-30").map((b) => b.key)).toEqual(["a-first"]);
    // A cap does the same: at most 4 calls a day from the start.
    const capped = { ...calls, versions: applyWeight(v1, { pointsH: 200, dailyCapH: 400 }, "2026-01-01", "2026-06-10").versions };
    expect(badgesEarned(badges, badgeHistory(rollupsOf(capped, daily)), "2026-06-30").map((b) => [b.key, b.earnedOn])).toEqual([
      ["a-first", "2026-06-01"],
      ["fifteen", "2026-06-04"], // 6 + 8 + 2 = 16
    ]);
  });

  it("moves a streak earlier when a late event fills a gap", () => {
    const late = [...daily, { metric: "calls", day: "2026-06-03", unitsH: 100 }];
    const on = (rows: DailyUnits[]) => earnedOn({ kind: "streak", days: 3 }, badgeHistory(rollupsOf(calls, rows)));
    expect(on(daily)).toBeNull();
    expect(on(late)).toBe("2026-06-03");
  });
});

describe("badgeProblems", () => {
  it("accepts every kind with sound numbers", () => {
    const rules: BadgeRule[] = [
      { kind: "streak", days: 1 },
      { kind: "day", pointsH: 1 },
      { kind: "week", pointsH: 50_000 },
      { kind: "total", metric: "deals", valueH: 100 },
      { kind: "total", metric: null, valueH: 1 },
      { kind: "top", rank: 100 },
    ];
    expect(
      badgeProblems(
        rules.map((rule, i) => ({ key: `b${i}`, rule })),
        ["calls", "deals"],
      ),
    ).toEqual([]);
  });

  it("refuses repeated keys, N that is not a whole number ≥ 1, X ≤ 0 and unknown metrics", () => {
    const rules: BadgeRule[] = [
      { kind: "streak", days: 0 },
      { kind: "top", rank: 1.5 },
      { kind: "day", pointsH: 0 },
      { kind: "week", pointsH: -100 },
      { kind: "total", metric: "nope", valueH: 0 },
    ];
    const badges = [...rules.map((rule, i) => ({ key: `b${i}`, rule })), { key: "b0", rule: { kind: "streak" as const, days: 2 } }];
    expect(badgeProblems(badges, ["calls"])).toEqual([
      { path: ["badges", 5, "key"], message: 'key "b0" appears more than once' },
      { path: ["badges", 0, "rule", "days"], message: "must be a whole number of at least 1" },
      { path: ["badges", 1, "rule", "rank"], message: "must be a whole number of at least 1" },
      { path: ["badges", 2, "rule", "points"], message: "must be greater than 0" },
      { path: ["badges", 3, "rule", "points"], message: "must be greater than 0" },
      { path: ["badges", 4, "rule", "value"], message: "must be greater than 0" },
      { path: ["badges", 4, "rule", "metric"], message: 'no metric "nope" in metrics' },
    ]);
  });
});
