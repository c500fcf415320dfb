import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomialLowerTail, binomialTwoSidedPValue, binomialUpperTail, studentTTwoSidedPValue } from "../../../scoring/insights/distributions";
import { binomialCoefficient, exactTwoSided, expectSignificant, rationalToNumber } from "./numeric";

describe("studentTTwoSidedPValue", () => {
  it("matches published values of the t distribution", () => {
    // t = 2.0, df = 10 → 0.0733880347 (the brief's reference; also scipy 2*t.sf(2, 10)).
    expectSignificant(studentTTwoSidedPValue(2.0, 10), 0.0733880347, 9);
    // 2.228139 is the tabulated two-sided 5% critical value for df = 10 (any t table).
    expectSignificant(studentTTwoSidedPValue(2.228138851986274, 10), 0.05, 9);
    expectSignificant(studentTTwoSidedPValue(-2.0, 10), 0.0733880347, 9);
  });

  it("matches mpmath's incomplete beta for a range of t and df", () => {
    // Reference: mpmath 1.x (dps 30) betainc(df/2, 1/2, 0, df/(df+t²), regularized=True).
    const cases: [number, number, number][] = [
      [0.5, 3, 0.65144796484815099443507128229],
      [10, 30, 4.57525140822961319260979085611e-11],
      [1.5, 100, 0.136765058124688856797590964931],
      [3.1, 7, 0.0173222894254975150592513630666],
      [0.1, 1000, 0.920364369023604126714051693658],
    ];
    for (const [t, df, p] of cases) expectSignificant(studentTTwoSidedPValue(t, df), p, 10);
  });

  it("matches the closed forms for df = 1 (Cauchy) and df = 2", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), (t) => {
        const a = Math.abs(t);
        expectSignificant(studentTTwoSidedPValue(t, 1), (2 / Math.PI) * Math.atan2(1, a), 10);
        // 1 − a/√(2+a²), written without cancellation.
        const r = Math.sqrt(2 + a * a);
        expectSignificant(studentTTwoSidedPValue(t, 2), 2 / (r * (r + a)), 10);
      }),
    );
  });

  it("is 1 at t = 0 and 0 at infinity", () => {
    expect(studentTTwoSidedPValue(0, 5)).toBe(1);
    expect(studentTTwoSidedPValue(Infinity, 5)).toBe(0);
  });
});

function exactUpperTail(k: number, n: number, a: number, d: number): number {
  let sum = 0n;
  for (let i = k; i <= n; i++) sum += binomialCoefficient(n, i) * BigInt(a) ** BigInt(i) * BigInt(d - a) ** BigInt(n - i);
  return rationalToNumber(sum, BigInt(d) ** BigInt(n));
}

describe("binomial tails and test", () => {
  it("tails equal exact rational sums (BigInt), p = 1/9", () => {
    for (const [k, n] of [
      [3, 10],
      [0, 10],
      [10, 10],
      [25, 60],
      [40, 200],
      [5, 200],
    ]) {
      expectSignificant(binomialUpperTail(k, n, 1 / 9), exactUpperTail(k, n, 1, 9), 10);
      expectSignificant(binomialLowerTail(k, n, 1 / 9), 1 - exactUpperTail(k + 1, n, 1, 9), 10);
    }
  });

  it("two-sided p-values equal exact rational sums for p = 1/9, either side of the mean", () => {
    const cases: [number, number][] = [
      [0, 9],
      [1, 9],
      [2, 9],
      [5, 9],
      [0, 40],
      [12, 40],
      [30, 110],
      [3, 110],
      [13, 110],
      [60, 300],
    ];
    for (const [k, n] of cases) expectSignificant(binomialTwoSidedPValue(k, n, 1 / 9), exactTwoSided(k, n, 1, 9), 8);
  });

  it("agrees with exact sums for any k, n and p = a/9 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 8 }), fc.nat(), (n, a, seed) => {
        const k = seed % (n + 1);
        expectSignificant(binomialTwoSidedPValue(k, n, a / 9), Math.min(1, exactTwoSided(k, n, a, 9)), 8);
      }),
      { numRuns: 60 },
    );
  });

  it("matches R's binom.test(682, 925, p = 3/4), p-value 0.3825", () => {
    // R documentation example (Conover 1971, p. 97f); 0.3824915595748517 from scipy.stats.binomtest
    // and the exact rational sum below.
    expectSignificant(binomialTwoSidedPValue(682, 925, 0.75), exactTwoSided(682, 925, 3, 4), 8);
    expectSignificant(binomialTwoSidedPValue(682, 925, 0.75), 0.3824915595748517, 8);
  });

  it("is 1 with no trials and refuses impossible arguments", () => {
    expect(binomialTwoSidedPValue(0, 0, 1 / 9)).toBe(1);
    expect(() => binomialTwoSidedPValue(5, 4, 0.5)).toThrow(RangeError);
    expect(() => binomialTwoSidedPValue(1.5, 4, 0.5)).toThrow(RangeError);
    expect(() => binomialUpperTail(1, 4, 1)).toThrow(RangeError);
  });
});
