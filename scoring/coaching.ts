/**
 * The coaching line of a weekly digest: the lead metric where a seller is furthest below the
 * average of the week's top 10, in points, and what matching that average would have been worth.
 */
import { divRound } from "./decimal";

export interface MetricGap {
  metric: string;
  /** The seller's capped units this week, hundredths. */
  ownH: number;
  /** The top 10's average capped units, hundredths (rounded half away from zero). */
  topAverageH: number;
  /** (topAverage − own) × points: ten-thousandths of a point. */
  worth: number;
}

export interface LeadMetricWeek {
  metric: string;
  /** Points per unit, hundredths (the weight in force at the end of the week). */
  pointsH: number;
  ownH: number;
  /** Capped units of each of the top sellers, hundredths. */
  topH: readonly number[];
}

/** The metric with the largest worth, ties by metric order given; null where the seller is not behind on any. */
export function biggestGap(metrics: readonly LeadMetricWeek[]): MetricGap | null {
  let best: MetricGap | null = null;
  for (const m of metrics) {
    if (m.topH.length === 0 || m.pointsH === 0) continue;
    const topAverageH = divRound(
      m.topH.reduce((a, b) => a + b, 0),
      m.topH.length,
    );
    const worth = (topAverageH - m.ownH) * m.pointsH;
    if (worth > 0 && (best === null || worth > best.worth)) best = { metric: m.metric, ownH: m.ownH, topAverageH, worth };
  }
  return best;
}
