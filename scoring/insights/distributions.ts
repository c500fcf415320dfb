/**
 * Tail probabilities of Student's t and of the binomial distribution, from the regularised
 * incomplete beta function (Abramowitz & Stegun 26.7.1 and 26.5.24).
 */
import { lnGamma, regularizedIncompleteBeta } from "./special-functions";

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function studentTTwoSidedPValue(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError("t needs df > 0");
  if (Number.isNaN(t)) throw new RangeError("t is NaN");
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // For small |t|, df/(df+t²) rounds to 1; the complement's argument t²/(df+t²) does not.
  if (t2 < df) return 1 - regularizedIncompleteBeta(t2 / (df + t2), 0.5, df / 2);
  return regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5);
}

function checkBinomial(n: number, p: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("a binomial n is a whole number ≥ 0");
  if (!(p > 0 && p < 1)) throw new RangeError("a binomial p is in (0, 1)");
}

/** P(X ≥ k) for X ~ Binomial(n, p) = I_p(k, n − k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  checkBinomial(n, p);
  if (k <= 0) return 1;
  if (k > n) return 0;
  return regularizedIncompleteBeta(p, k, n - k + 1);
}

/** P(X ≤ k) for X ~ Binomial(n, p) = I_{1−p}(n − k, k + 1). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  checkBinomial(n, p);
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedIncompleteBeta(1 - p, n - k, k + 1);
}

/** ln P(X = k) for X ~ Binomial(n, p). */
export function binomialLogProbability(k: number, n: number, p: number): number {
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

// R's binom.test counts outcomes "as extreme" when their probability is at most the observed
// one's × (1 + 1e-7), so that ties lost to rounding still count; the same here.
const LOG_RELATIVE_ERROR = Math.log1p(1e-7);

/**
 * The exact two-sided binomial test of k successes in n trials against success probability p:
 * the total probability of the outcomes no more likely than k, as R's binom.test computes it
 * (the tail beyond k plus the opposite tail whose outcomes are at most as likely).
 */
export function binomialTwoSidedPValue(k: number, n: number, p: number): number {
  checkBinomial(n, p);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError("k is a whole number in [0, n]");
  if (n === 0) return 1;
  const mean = n * p;
  if (k === mean) return 1;
  const limit = binomialLogProbability(k, n, p) + LOG_RELATIVE_ERROR;
  const atMostAsLikely = (i: number) => binomialLogProbability(i, n, p) <= limit;
  // The probabilities fall monotonically away from the mean on either side, so the opposite tail
  // is a run of outcomes found by bisection.
  if (k < mean) {
    // Count of i in [ceil(mean), n] at most as likely: the top `count` outcomes.
    let lo = Math.ceil(mean);
    let hi = n + 1; // first i in [ceil(mean), n + 1] that is at most as likely
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (atMostAsLikely(mid)) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(1, binomialLowerTail(k, n, p) + binomialUpperTail(lo, n, p));
  }
  // Outcomes i in [0, floor(mean)] at most as likely: the bottom ones, up to the last such i.
  let lo = -1; // last i in [−1, floor(mean)] that is at most as likely (−1: none)
  let hi = Math.floor(mean);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (atMostAsLikely(mid)) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(1, binomialLowerTail(lo, n, p) + binomialUpperTail(k, n, p));
}
