/**
 * A participant's points (SPEC §2.3, 2.5, 2.6) from daily units: per day, the units capped by the
 * version in force times its points; per period, the sum over lead metrics only. Units and caps are
 * integer hundredths, points integer ten-thousandths.
 *
 * Metrics are passed in by the caller, archived ones included: points earned by an archived metric
 * stay in the score. Units of a metric that is not passed in are ignored.
 */
import { fromHundredths, fromTenThousandths } from "./decimal";
import type { DayRange } from "./periods";
import { type Weight, type WeightVersion, cappedUnits, versionOn } from "./weights";

export type Indicator = "lead" | "lag";

export interface ScoredMetric {
  key: string;
  indicator: Indicator;
  versions: readonly WeightVersion[];
}

/** The units of one metric on one local day: the sum of its events' units, in hundredths. */
export interface DailyUnits {
  metric: string;
  day: string;
  unitsH: number;
}

/** A day of one metric: units and capped units in hundredths, points in ten-thousandths. */
export interface DayFigures {
  unitsH: number;
  cappedH: number;
  points: number;
}

/** The `byMetric` figures of a score response, as exact JSON numbers. */
export interface MetricFigures {
  metric: string;
  indicator: Indicator;
  units: number;
  cappedUnits: number;
  points: number;
}

/** The weight that scores `day` for the metric. */
export function weightOn(metric: ScoredMetric, day: string): Weight {
  if (metric.versions.length === 0) throw new Error(`metric ${metric.key} has no weight versions`);
  return versionOn(metric.versions, day);
}

/**
 * The figures of one metric on one day: capped by the day's cap; points only for a lead metric
 * (a lag metric is an outcome reported beside the score, whatever its points say).
 */
export function dayFigures(metric: ScoredMetric, day: string, unitsH: number): DayFigures {
  const weight = weightOn(metric, day);
  const cappedH = cappedUnits(unitsH, weight.dailyCapH);
  return { unitsH, cappedH, points: metric.indicator === "lead" ? cappedH * weight.pointsH : 0 };
}

/** Whether a local date lies in the period (`all` holds every day). */
export function inPeriod(day: string, period: DayRange): boolean {
  if (period.firstDay === null || period.endDay === null) return true;
  return period.firstDay <= day && day < period.endDay;
}

/** Figures per metric key, summed over the daily units that fall in the period. */
export function sumFigures(metrics: readonly ScoredMetric[], daily: Iterable<DailyUnits>, period: DayRange): Map<string, DayFigures> {
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  const sums = new Map<string, DayFigures>();
  for (const d of daily) {
    const metric = byKey.get(d.metric);
    if (!metric || !inPeriod(d.day, period)) continue;
    const f = dayFigures(metric, d.day, d.unitsH);
    const s = sums.get(d.metric) ?? { unitsH: 0, cappedH: 0, points: 0 };
    sums.set(d.metric, { unitsH: s.unitsH + f.unitsH, cappedH: s.cappedH + f.cappedH, points: s.points + f.points });
  }
  return sums;
}

/** Lead points per local day, in ten-thousandths, for every day that has units. */
export function pointsByDay(metrics: readonly ScoredMetric[], daily: Iterable<DailyUnits>): Map<string, number> {
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  const points = new Map<string, number>();
  for (const d of daily) {
    const metric = byKey.get(d.metric);
    if (!metric) continue;
    points.set(d.day, (points.get(d.day) ?? 0) + dayFigures(metric, d.day, d.unitsH).points);
  }
  return points;
}

/** The `byMetric` list for the period: one entry per metric passed in, in that order, zeros included. */
export function byMetric(metrics: readonly ScoredMetric[], daily: Iterable<DailyUnits>, period: DayRange): MetricFigures[] {
  const sums = sumFigures(metrics, daily, period);
  return metrics.map((m) => {
    const s = sums.get(m.key) ?? { unitsH: 0, cappedH: 0, points: 0 };
    return {
      metric: m.key,
      indicator: m.indicator,
      units: fromHundredths(s.unitsH),
      cappedUnits: fromHundredths(s.cappedH),
      points: fromTenThousandths(s.points),
    };
  });
}
