/** The tests' reference models beside scoring/score.ts: production never calls them. */
import { type DailyUnits, type ScoredMetric, sumFigures } from "../../../scoring/score";
import type { DayRange } from "../../../scoring/periods";

/** The score over the period, in ten-thousandths: the points of the lead metrics. */
export function periodScore(metrics: readonly ScoredMetric[], daily: Iterable<DailyUnits>, period: DayRange): number {
  let score = 0;
  for (const f of sumFigures(metrics, daily, period).values()) score += f.points;
  return score;
}
