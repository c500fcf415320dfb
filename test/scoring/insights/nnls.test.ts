import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nonNegativeLeastSquares } from "../../../scoring/insights/nnls";

describe("nonNegativeLeastSquares", () => {
  it("recovers non-negative coefficients of an exact fit", () => {
    const rows = [
      [1, 3],
      [2, 1],
      [3, 4],
      [4, 1],
      [5, 9],
    ];
    const y = rows.map(([a, b]) => 2 * a + 0.5 * b);
    const beta = nonNegativeLeastSquares(rows, y);
    expect(beta[0]).toBeCloseTo(2, 10);
    expect(beta[1]).toBeCloseTo(0.5, 10);
  });

  it("clamps a coefficient least squares would make negative, and refits the rest (by hand)", () => {
    // X = [[1,0],[0,1],[1,1]], y = [2,−1,1]: XᵀX = [[2,1],[1,2]], Xᵀy = [3,0], so least squares gives
    // (2, −1). With β₂ = 0, β₁ = 3/2; then the gradient for β₂ is 0 − 1 · 3/2 < 0: optimal.
    const beta = nonNegativeLeastSquares(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [2, -1, 1],
    );
    expect(beta[0]).toBeCloseTo(1.5, 12);
    expect(beta[1]).toBe(0);
  });

  it("gives zeros where nothing fits, and an empty answer for no columns", () => {
    expect(
      nonNegativeLeastSquares(
        [
          [1, 2],
          [2, 1],
        ],
        [-1, -1],
      ),
    ).toEqual([0, 0]);
    expect(nonNegativeLeastSquares([[0], [0]], [1, 2])).toEqual([0]);
    expect(nonNegativeLeastSquares([], [])).toEqual([]);
  });

  it("copes with duplicated (collinear) columns", () => {
    const rows = [
      [1, 1],
      [2, 2],
      [3, 3],
    ];
    const beta = nonNegativeLeastSquares(rows, [2, 4, 6]);
    expect(beta[0] + beta[1]).toBeCloseTo(2, 10);
    expect(Math.min(...beta)).toBeGreaterThanOrEqual(0);
  });

  it("meets the Karush–Kuhn–Tucker conditions, which characterise the optimum (property)", () => {
    // β ≥ 0; g = Xᵀ(y − Xβ) ≤ 0 everywhere; g = 0 where β > 0. Convexity makes these sufficient.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((p) =>
          fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: p, maxLength: p }), fc.integer({ min: -30, max: 60 })), {
            minLength: 1,
            maxLength: 25,
          }),
        ),
        (data) => {
          const rows = data.map((d) => d[0]);
          const y = data.map((d) => d[1]);
          const beta = nonNegativeLeastSquares(rows, y);
          const residual = y.map((v, i) => v - rows[i].reduce((s, x, j) => s + x * beta[j], 0));
          const scale = 1e-7 * (1 + Math.sqrt(y.reduce((s, v) => s + v * v, 0))) * (1 + Math.max(...rows.flat()));
          beta.forEach((b, j) => {
            const g = rows.reduce((s, row, i) => s + row[j] * residual[i], 0);
            expect(b).toBeGreaterThanOrEqual(0);
            expect(g).toBeLessThanOrEqual(scale * rows.length);
            if (b > 1e-9) expect(Math.abs(g)).toBeLessThanOrEqual(scale * rows.length);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
