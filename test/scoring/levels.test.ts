import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Level, levelOf, levelProblems } from "../../scoring/levels";

const levels: Level[] = [
  { name: "Rookie", pointsH: 0 },
  { name: "Regular", pointsH: 10_000 }, // 100 points
  { name: "Pro", pointsH: 25_050 }, // 250.5 points
];

describe("levelOf", () => {
  it("is the level with the greatest points at or below the score, exactly at each threshold", () => {
    expect(levelOf(levels, 0)).toEqual({ name: "Rookie", points: 0, next: { name: "Regular", points: 100 } });
    expect(levelOf(levels, 999_999)).toEqual({ name: "Rookie", points: 0, next: { name: "Regular", points: 100 } });
    expect(levelOf(levels, 1_000_000)).toEqual({ name: "Regular", points: 100, next: { name: "Pro", points: 250.5 } });
    expect(levelOf(levels, 2_504_999)).toMatchObject({ name: "Regular" });
    expect(levelOf(levels, 2_505_000)).toEqual({ name: "Pro", points: 250.5, next: null });
    expect(levelOf(levels, 1e12)).toMatchObject({ name: "Pro", next: null });
  });

  it("is null below the first level and where there are none", () => {
    const from100 = levels.slice(1);
    expect(levelOf(from100, 999_999)).toBeNull();
    expect(levelOf(from100, 1_000_000)).toMatchObject({ name: "Regular" });
    expect(levelOf([], 0)).toBeNull();
    expect(levelOf([], 1e9)).toBeNull();
  });

  it("agrees with keeping every level at or below the score and taking the last", () => {
    const ladder = fc
      .uniqueArray(fc.integer({ min: 0, max: 2_000 }), { maxLength: 6 })
      .map((ps) => [...ps].sort((a, b) => a - b).map((pointsH, i) => ({ name: `L${i}`, pointsH })));
    // Scores near thresholds: a threshold in ten-thousandths, give or take a little.
    const arb = ladder.chain((ls) =>
      fc.tuple(
        fc.constant(ls),
        fc.oneof(
          fc.integer({ min: 0, max: 250_000 }),
          fc.constantFrom(...ls.map((l) => l.pointsH * 100), 0).chain((t) => fc.integer({ min: t - 1, max: t + 1 })),
        ),
      ),
    );
    fc.assert(
      fc.property(arb, ([ls, score]) => {
        const reached = ls.filter((l) => l.pointsH * 100 <= score);
        const level = reached.at(-1);
        const next = ls.find((l) => l.pointsH * 100 > score);
        const expected = level ? { name: level.name, points: level.pointsH / 100, next: next ? { name: next.name, points: next.pointsH / 100 } : null } : null;
        expect(levelOf(ls, score)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("levelProblems", () => {
  it("accepts points from 0 upwards, strictly increasing", () => {
    expect(levelProblems(levels)).toEqual([]);
    expect(levelProblems([])).toEqual([]);
    expect(levelProblems([{ name: "Only", pointsH: 1 }])).toEqual([]);
  });

  it("refuses negative points and points that do not increase", () => {
    expect(
      levelProblems([
        { name: "A", pointsH: -1 },
        { name: "B", pointsH: 100 },
        { name: "C", pointsH: 100 },
        { name: "D", pointsH: 50 },
      ]),
    ).toEqual([
      { path: ["levels", 0, "points"], message: "must be at least 0" },
      { path: ["levels", 2, "points"], message: "must be greater than the points of the level before (1)" },
      { path: ["levels", 3, "points"], message: "must be greater than the points of the level before (1)" },
    ]);
  });
});
