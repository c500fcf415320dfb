import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averageRanks, spearman } from "../../../scoring/insights/rank-correlation";
import { expectSignificant } from "./numeric";

describe("averageRanks", () => {
  it("gives ties the mean of the ranks they span", () => {
    expect(averageRanks([5, 7, 7, 9])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3, 0])).toEqual([4, 2, 4, 4, 1]);
    expect(averageRanks([])).toEqual([]);
  });

  it("always sums to n(n+1)/2", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), (values) => {
        const sum = averageRanks(values).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo((values.length * (values.length + 1)) / 2, 9);
      }),
    );
  });
});

describe("spearman", () => {
  it("matches a hand-worked example with ties", () => {
    // x = 1 2 2 3 4 → ranks 1 2.5 2.5 4 5; y = 2 1 3 3 5 → ranks 2 1 3.5 3.5 5. Both have mean 3.
    // Σ dx·dy = 2 + 1 − 0.25 + 0.5 + 4 = 7.25; Σ dx² = Σ dy² = 9.5; ρ = 7.25 / 9.5 = 29/38.
    const r = spearman([1, 2, 2, 3, 4], [2, 1, 3, 3, 5])!;
    expectSignificant(r.rho, 29 / 38, 12);
    expect(r.n).toBe(5);
    // scipy.stats.spearmanr([1,2,2,3,4], [2,1,3,3,5]).pvalue (t with 3 df).
    expectSignificant(r.pValue, 0.13333911953180624, 9);
    // Fisher z with Bonett–Wright SE, computed with mpmath (30 digits): tanh(atanh ρ ± z₀.₉₇₅ √((1+ρ²/2)/2)).
    expectSignificant(r.ci95.low, -0.516155764717183865456473624108, 9);
    expectSignificant(r.ci95.high, 0.988549260969654865038230178862, 9);
  });

  it("matches the published IQ / TV-hours example: ρ = −29/165, p = 0.627188", () => {
    // Wikipedia, "Spearman's rank correlation coefficient", worked example (p from the t distribution);
    // scipy.stats.spearmanr gives p = 0.6271883447764846.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    const r = spearman(iq, tv)!;
    expectSignificant(r.rho, -29 / 165, 12);
    expectSignificant(r.pValue, 0.627188, 6);
    expectSignificant(r.pValue, 0.6271883447764846, 9);
    // Interval by mpmath as above, n − 3 = 7.
    expectSignificant(r.ci95.low, -0.727830028239407219173172193757, 9);
    expectSignificant(r.ci95.high, 0.51454666163295617252384535965, 9);
  });

  it("is ±1 with p = 0 for any monotone relation, and unchanged by monotone transforms", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 4, maxLength: 30 }), (x) => {
        expect(
          spearman(
            x,
            x.map((v) => v ** 3),
          )!.rho,
        ).toBeCloseTo(1, 12);
        const falling = spearman(
          x,
          x.map((v) => -Math.exp(v / 100)),
        )!;
        expect(falling.rho).toBeCloseTo(-1, 12);
        expect(falling.pValue).toBe(0);
        expect(falling.ci95.low).toBeLessThanOrEqual(falling.rho);
      }),
    );
  });

  it("puts ρ inside its interval, and is symmetric in its arguments", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 4, maxLength: 40 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const r = spearman(x, y);
        if (r === null) return;
        expect(r.ci95.low).toBeLessThanOrEqual(r.rho);
        expect(r.ci95.high).toBeGreaterThanOrEqual(r.rho);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        expect(spearman(y, x)!.rho).toBeCloseTo(r.rho, 12);
      }),
    );
  });

  it("is null for fewer than 4 pairs or a constant side, and refuses unpaired input", () => {
    expect(spearman([1, 2, 3], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2, 3, 4], [5, 5, 5, 5])).toBeNull();
    expect(() => spearman([1, 2, 3, 4], [1, 2, 3])).toThrow(RangeError);
  });
});
