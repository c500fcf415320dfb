/** The tests' reference models beside scoring/ranking.ts: production never calls them. */
import { percentile } from "../../../scoring/ranking";

/**
 * Ranked entries (as rankEntries returns them) with each one's percentile among them all. The
 * number below an entry is the count after its last tie.
 */
export function withPercentiles<T extends { score: number; rank: number }>(ranked: readonly T[]): (T & { percentile: number })[] {
  const n = ranked.length;
  const result: (T & { percentile: number })[] = new Array(n);
  for (let end = n; end > 0; ) {
    // [start, end) is one run of tied scores; everything from `end` on is strictly lower.
    let start = end - 1;
    while (start > 0 && ranked[start - 1].score === ranked[end - 1].score) start--;
    const p = percentile(n - end, n);
    for (let i = start; i < end; i++) result[i] = { ...ranked[i], percentile: p };
    end = start;
  }
  return result;
}
