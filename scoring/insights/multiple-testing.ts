/**
 * Benjamini–Hochberg control of the false discovery rate (Benjamini & Hochberg 1995, J. R. Stat.
 * Soc. B 57: 289–300). When a manager looks at dozens of metrics at once, some p-values fall under
 * 0.05 by chance alone; BH keeps the expected share of false findings among those flagged ≤ q.
 */

/** The default false discovery rate. */
export const FALSE_DISCOVERY_RATE = 0.05;

/**
 * BH-adjusted p-values, in the order given (as R's p.adjust(p, "BH")): for the i-th smallest of m,
 * min over j ≥ i of p₍ⱼ₎ · m / j, at most 1. A test is significant at rate q where its adjusted
 * p-value is ≤ q, which is exactly the step-up rule of the paper.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`not a p-value: ${p}`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(m);
  let runningMin = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1];
    runningMin = Math.min(runningMin, (pValues[i] * m) / rank);
    // p · m / rank ≥ p in exact arithmetic; the max keeps that when rounding does not.
    adjusted[i] = Math.max(pValues[i], runningMin);
  }
  return adjusted;
}
