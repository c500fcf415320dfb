/**
 * Suggested points for the lead metrics, fitted on history: how much next week's outcome rises
 * with a unit of each lead metric this week, put on the scale of the current points.
 */
import { nonNegativeLeastSquares } from "./nnls";

export const SUGGESTED_WEIGHTS_METHOD =
  "non-negative least squares (Lawson–Hanson) of next-week outcome units on each lead metric's weekly capped units, " +
  "with a free intercept; scaled so that the mean weekly lead score over the history is what the current points give";

export interface LeadMetricPoints {
  metric: string;
  /** Points per unit now in force. */
  points: number;
}

export interface SuggestedWeight {
  metric: string;
  currentPoints: number;
  /** Suggested points per unit, rounded to 2 decimal places like any weight. */
  suggestedPoints: number;
  /** The fitted coefficient: next-week outcome units per unit of this metric. */
  outcomePerUnit: number;
}

export interface SuggestedWeights {
  method: string;
  /** Participant-weeks fitted. */
  n: number;
  weights: SuggestedWeight[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Fits outcome = intercept + Σ βⱼ unitsⱼ with β ≥ 0 (a behaviour worth rewarding never earns
 * negative points) and rescales β to points: the scale s makes Σ s βⱼ meanⱼ = Σ pointsⱼ meanⱼ, so a
 * typical week scores as many points as now and only the split across metrics moves. Where every
 * current weight is 0 the largest suggestion is 1 point.
 *
 * `units[i]` holds participant-week i's capped units in `metrics` order, `nextOutcome[i]` the
 * outcome's units in the week after. Null where there are fewer weeks than metrics + 2, or no lead
 * metric goes with a higher outcome.
 */
export function suggestWeights(
  metrics: readonly LeadMetricPoints[],
  units: readonly (readonly number[])[],
  nextOutcome: readonly number[],
): SuggestedWeights | null {
  if (units.length !== nextOutcome.length) throw new RangeError("one outcome per participant-week");
  const n = units.length;
  const p = metrics.length;
  if (p === 0 || n < p + 2) return null;
  // Centring every column fits the intercept exactly: for any β the best intercept is ȳ − x̄·β.
  const means = metrics.map((_, j) => units.reduce((s, row) => s + row[j], 0) / n);
  const meanOutcome = nextOutcome.reduce((a, b) => a + b, 0) / n;
  const beta = nonNegativeLeastSquares(
    units.map((row) => row.map((v, j) => v - means[j])),
    nextOutcome.map((v) => v - meanOutcome),
  );
  const fittedMeanScore = beta.reduce((s, b, j) => s + b * means[j], 0);
  if (!(fittedMeanScore > 0)) return null;
  const currentMeanScore = metrics.reduce((s, m, j) => s + m.points * means[j], 0);
  const scale = currentMeanScore > 0 ? currentMeanScore / fittedMeanScore : 1 / Math.max(...beta);
  return {
    method: SUGGESTED_WEIGHTS_METHOD,
    n,
    weights: metrics.map((m, j) => ({
      metric: m.metric,
      currentPoints: m.points,
      suggestedPoints: round2(beta[j] * scale),
      outcomePerUnit: beta[j],
    })),
  };
}
