/** Helpers for the insights' tests: significant-digit comparison, exact rationals, seeded noise. */
import { expect } from "vitest";

/** Expects `actual` to agree with `expected` to `digits` significant digits (relative error ≤ ½ unit in the last). */
export function expectSignificant(actual: number, expected: number, digits = 6): void {
  const tolerance = 0.5 * 10 ** (1 - digits) * Math.abs(expected);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    expect.fail(`${actual} ≠ ${expected} to ${digits} significant digits`);
  }
}

/** num / den as the nearest double (about), for exact BigInt rationals. */
export function rationalToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = den.toString(2).length - num.toString(2).length + 64;
  const q = shift >= 0 ? (num << BigInt(shift)) / den : (num >> BigInt(-shift)) / den;
  return Number(q) * 2 ** -shift;
}

/** C(n, k) exactly. */
export function binomialCoefficient(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 0; i < k; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
  return c;
}

/** Exact two-sided binomial p-value for p = a/d, R's rule, in rationals: Σ P(i) over P(i) ≤ P(k)(1 + 1e-7). */
export function exactTwoSided(k: number, n: number, a: number, d: number): number {
  const weight = (i: number) => binomialCoefficient(n, i) * BigInt(a) ** BigInt(i) * BigInt(d - a) ** BigInt(n - i);
  const observed = weight(k);
  let sum = 0n;
  for (let i = 0; i <= n; i++) {
    const w = weight(i);
    if (w * 10_000_000n <= observed * 10_000_001n) sum += w;
  }
  return rationalToNumber(sum, BigInt(d) ** BigInt(n));
}

/** mulberry32: a small seeded generator, so that simulations are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson(λ) draw by Knuth's multiplication method (fine for the λ ≤ 50 used here). */
export function poisson(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let product = random();
  while (product > limit) {
    k++;
    product *= random();
  }
  return k;
}
