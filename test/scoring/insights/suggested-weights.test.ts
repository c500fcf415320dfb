import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suggestWeights } from "../../../scoring/insights/suggested-weights";

const metrics = [
  { metric: "calls", points: 1 },
  { metric: "posts", points: 2 },
];

describe("suggestWeights", () => {
  it("recovers an exact linear relation and rescales it to the current mean score (by hand)", () => {
    // outcome = 5 + 3·calls + 1·posts. Means: calls 7/5, posts 7/5. Current mean score 1·1.4 + 2·1.4 = 4.2,
    // fitted 3·1.4 + 1·1.4 = 5.6, so the scale is 0.75: calls 2.25, posts 0.75 points.
    const units = [
      [1, 0],
      [0, 1],
      [2, 1],
      [1, 2],
      [3, 3],
    ];
    const next = units.map(([c, p]) => 5 + 3 * c + p);
    const s = suggestWeights(metrics, units, next)!;
    expect(s.n).toBe(5);
    expect(s.method).toMatch(/non-negative least squares/);
    expect(s.weights.map((w) => w.metric)).toEqual(["calls", "posts"]);
    expect(s.weights.map((w) => w.suggestedPoints)).toEqual([2.25, 0.75]);
    expect(s.weights[0].outcomePerUnit).toBeCloseTo(3, 10);
    expect(s.weights[1].outcomePerUnit).toBeCloseTo(1, 10);
    expect(s.weights.map((w) => w.currentPoints)).toEqual([1, 2]);
  });

  it("gives 0 points to a metric that goes with a lower outcome", () => {
    const units = [
      [1, 4],
      [2, 3],
      [3, 2],
      [4, 1],
      [5, 1],
      [6, 0],
    ];
    const next = units.map(([c, p]) => 2 * c - p);
    const s = suggestWeights(metrics, units, next)!;
    expect(s.weights[1].suggestedPoints).toBe(0);
    expect(s.weights[0].suggestedPoints).toBeGreaterThan(0);
  });

  it("scales to a largest weight of 1 where every current weight is 0", () => {
    const units = [
      [1, 0],
      [0, 1],
      [2, 1],
      [1, 2],
      [3, 3],
    ];
    const next = units.map(([c, p]) => 4 * c + 2 * p);
    const zero = metrics.map((m) => ({ ...m, points: 0 }));
    expect(suggestWeights(zero, units, next)!.weights.map((w) => w.suggestedPoints)).toEqual([1, 0.5]);
  });

  it("is null with too little history or where nothing goes with the outcome", () => {
    expect(
      suggestWeights(
        metrics,
        [
          [1, 2],
          [2, 1],
          [3, 3],
        ],
        [1, 2, 3],
      ),
    ).toBeNull(); // 3 < 2 + 2 weeks
    expect(
      suggestWeights(
        metrics,
        [
          [1, 0],
          [2, 0],
          [3, 0],
          [4, 0],
        ],
        [4, 3, 2, 1],
      ),
    ).toBeNull();
    expect(suggestWeights([], [], [])).toBeNull();
  });

  it("keeps the mean weekly lead score (to the rounding of 2 decimals), property", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 30 })), {
          minLength: 4,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (rows, a, b) => {
          const ms = [
            { metric: "calls", points: a / 100 },
            { metric: "posts", points: b / 100 },
          ];
          const units = rows.map((r) => [r[0], r[1]]);
          const s = suggestWeights(
            ms,
            units,
            rows.map((r) => r[2]),
          );
          const mean = (j: number) => units.reduce((t, u) => t + u[j], 0) / units.length;
          const current = ms.reduce((t, m, j) => t + m.points * mean(j), 0);
          if (s === null || current === 0) return; // current 0: the other scaling, tested above
          const suggested = s.weights.reduce((t, w, j) => t + w.suggestedPoints * mean(j), 0);
          expect(Math.abs(suggested - current)).toBeLessThanOrEqual(0.005 * (mean(0) + mean(1)) + 1e-9);
          for (const w of s.weights) expect(w.suggestedPoints).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
