/**
 * Spearman's rank correlation with a confidence interval and a p-value. Ranks, not raw units,
 * because weekly activity is skewed (a few very busy weeks) and the question is whether more of
 * one goes with more of the other, not whether the relation is linear.
 */
import { studentTTwoSidedPValue } from "./distributions";

/** The standard normal 97.5% quantile, for 95% intervals. */
export const Z_975 = 1.959963984540054;

export interface RankCorrelation {
  /** Spearman's ρ: Pearson's correlation of the average ranks. */
  rho: number;
  /** Number of pairs. */
  n: number;
  /** 95% confidence interval for ρ. */
  ci95: { low: number; high: number };
  /** Two-sided p-value for ρ = 0. */
  pValue: number;
}

/** Ranks from 1, ties given the mean of the ranks they span (so [5, 7, 7, 9] → [1, 2.5, 2.5, 4]). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of start+1 … end
    for (let i = start; i < end; i++) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Spearman's ρ of paired values, or null where it is undefined: fewer than 4 pairs (the interval
 * needs n > 3) or a side with every value the same.
 *
 * - p-value: t = ρ √((n−2)/(1−ρ²)) against Student's t with n−2 df, the usual large-sample test
 *   (as R's cor.test(method = "spearman", exact = FALSE) and scipy.stats.spearmanr).
 * - interval: Fisher's z = atanh ρ ± 1.96 SE, with Bonett & Wright's (2000, Psychometrika 65:
 *   23–28) SE = √((1 + ρ²/2)/(n−3)) for Spearman's ρ, which keeps near 95% coverage where
 *   Pearson's 1/√(n−3) is too narrow; Fieller et al.'s (1957) √(1.06/(n−3)) is the constant
 *   alternative and agrees near ρ = 0.35.
 */
export function spearman(x: readonly number[], y: readonly number[]): RankCorrelation | null {
  if (x.length !== y.length) throw new RangeError("paired values come in pairs");
  const n = x.length;
  if (n < 4) return null;
  const rho = pearson(averageRanks(x), averageRanks(y));
  if (rho === null) return null;
  const pValue = Math.abs(rho) === 1 ? 0 : studentTTwoSidedPValue(rho * Math.sqrt((n - 2) / (1 - rho * rho)), n - 2);
  const z = Math.atanh(rho);
  const halfWidth = Z_975 * Math.sqrt((1 + (rho * rho) / 2) / (n - 3));
  return { rho, n, ci95: { low: Math.tanh(z - halfWidth), high: Math.tanh(z + halfWidth) }, pValue };
}
