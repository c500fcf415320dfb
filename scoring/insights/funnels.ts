/**
 * Funnels: metrics in order (calls → meetings → proposals → deals), each stage's units, the
 * conversion from one stage to the next, the weakest step, and where the last stage will land.
 */
import { unitsOf } from "./units-of";

export interface FunnelStage {
  metric: string;
  units: number;
  /** units / the previous stage's units; null for the first stage and after a stage with none. */
  conversion: number | null;
}

export interface FunnelStep {
  from: string;
  to: string;
  conversion: number;
}

export interface Funnel {
  stages: FunnelStage[];
  /** The step with the lowest conversion (the first of equals); null where no step has one. */
  bottleneck: FunnelStep | null;
}

export interface FunnelStageForecast {
  metric: string;
  /** Units so far. */
  units: number;
  /** Units forecast at the period's end; null where a conversion on the way has no history. */
  forecast: number | null;
}

export interface FunnelForecast {
  stages: FunnelStageForecast[];
  /** The last stage's forecast. */
  lastStage: number | null;
}

function checkStages(stages: readonly string[]): void {
  if (stages.length === 0) throw new RangeError("a funnel has at least one stage");
  if (new Set(stages).size !== stages.length) throw new RangeError("a funnel's stages are distinct metrics");
}

/** A funnel's stages from the units of each metric (a metric left out had none). */
export function funnel(stages: readonly string[], units: Readonly<Record<string, number>>): Funnel {
  checkStages(stages);
  const counts = stages.map((m) => unitsOf(units, m));
  const result = stages.map((metric, i) => ({
    metric,
    units: counts[i],
    conversion: i > 0 && counts[i - 1] > 0 ? counts[i] / counts[i - 1] : null,
  }));
  let bottleneck: FunnelStep | null = null;
  result.forEach((stage, i) => {
    if (stage.conversion !== null && (bottleneck === null || stage.conversion < bottleneck.conversion)) {
      bottleneck = { from: stages[i - 1], to: stage.metric, conversion: stage.conversion };
    }
  });
  return { stages: result, bottleneck };
}

/**
 * Each step's conversion over past periods as a ratio of sums, Σ next / Σ this: a quiet week then
 * weighs by its volume instead of as much as a busy one (a mean of weekly ratios would let 1 of 1
 * count like 40 of 100). Null where the upstream stage never had units.
 */
export function historicalConversions(stages: readonly string[], pastPeriods: readonly Readonly<Record<string, number>>[]): (number | null)[] {
  checkStages(stages);
  const totals = stages.map((m) => pastPeriods.reduce((s, p) => s + unitsOf(p, m), 0));
  return stages.slice(1).map((_, i) => (totals[i] > 0 ? totals[i + 1] / totals[i] : null));
}

/**
 * The units each stage will have at the period's end. What has happened stays; the rest of the
 * period's top-of-funnel activity is paced from the first stage so far (current / elapsed fraction,
 * or the past periods' mean before anything has elapsed) and flows down at the historical
 * conversions: forecastᵢ = unitsᵢ + remaining₀ · c₀ ⋯ cᵢ₋₁. `elapsedFraction` is the share of the
 * period gone, 0…1 (the engine may weight days by the weekday profile, as target forecasts do).
 */
export function forecastFunnel(
  stages: readonly string[],
  current: Readonly<Record<string, number>>,
  elapsedFraction: number,
  pastPeriods: readonly Readonly<Record<string, number>>[],
): FunnelForecast {
  if (!(elapsedFraction >= 0 && elapsedFraction <= 1)) throw new RangeError("the elapsed fraction is in [0, 1]");
  const conversions = historicalConversions(stages, pastPeriods);
  const units = stages.map((m) => unitsOf(current, m));
  let remaining: number | null;
  if (elapsedFraction > 0) remaining = (units[0] * (1 - elapsedFraction)) / elapsedFraction;
  else remaining = pastPeriods.length > 0 ? pastPeriods.reduce((s, p) => s + unitsOf(p, stages[0]), 0) / pastPeriods.length : null;
  const result = stages.map((metric, i) => {
    if (i > 0 && remaining !== null) remaining = conversions[i - 1] === null ? null : remaining * conversions[i - 1]!;
    return { metric, units: units[i], forecast: remaining === null ? null : units[i] + remaining };
  });
  return { stages: result, lastStage: result[result.length - 1].forecast };
}
