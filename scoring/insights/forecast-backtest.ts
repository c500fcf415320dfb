/**
 * How good the target forecasts would have been: replays forecastTarget over past periods of a
 * subject's daily history and measures the mean absolute percentage error against what happened.
 */
import { Temporal } from "temporal-polyfill";
import { periodOf } from "../periods";
import type { TargetPeriodKind } from "../targets";
import { forecastTarget, PROFILE_WEEKS } from "./target-forecast";

export interface DailySeries {
  /** The local date of dailyUnits[0]. */
  firstDay: string;
  /** Units of consecutive local days. */
  dailyUnits: readonly number[];
}

export interface ForecastBacktest {
  /** Mean of |forecast − actual| / actual; null where nothing could be compared. */
  meanAbsolutePercentageError: number | null;
  /** Forecasts compared. */
  forecasts: number;
  /** Complete periods with a non-zero actual that were replayed. */
  periods: number;
}

/**
 * For every period of `kind` wholly inside the series with a non-zero total (a percentage of 0 is
 * undefined), forecasts are made as at the end of each of its days but the last, each from the
 * days so far and the PROFILE_WEEKS complete ISO weeks before the period, as the live forecast
 * would have seen them.
 */
export function backtestForecasts(series: DailySeries, kind: TargetPeriodKind): ForecastBacktest {
  const first = Temporal.PlainDate.from(series.firstDay);
  const units = series.dailyUnits;
  const indexOf = (day: string) => first.until(Temporal.PlainDate.from(day)).days;
  let errorSum = 0;
  let forecasts = 0;
  let periods = 0;
  for (let start = 0; start < units.length; ) {
    const period = periodOf(kind, first.add({ days: start }));
    const from = indexOf(period.firstDay!);
    const to = indexOf(period.endDay!);
    start = to;
    if (from < 0 || to > units.length) continue; // not wholly inside the series
    const days = units.slice(from, to);
    const truth = days.reduce((a, b) => a + b, 0);
    if (truth === 0) continue;
    periods++;
    const pastWeeks = completeWeeksBefore(first, units, from);
    for (let elapsed = 1; elapsed < days.length; elapsed++) {
      const { forecast } = forecastTarget({
        value: truth,
        firstDay: period.firstDay!,
        endDay: period.endDay!,
        dailyUnits: days.slice(0, elapsed),
        pastWeeks,
      });
      errorSum += Math.abs(forecast - truth) / truth;
      forecasts++;
    }
  }
  return { meanAbsolutePercentageError: forecasts === 0 ? null : errorSum / forecasts, forecasts, periods };
}

/** The last PROFILE_WEEKS complete Monday–Sunday weeks of the series that end before index `end`, oldest first. */
function completeWeeksBefore(first: Temporal.PlainDate, units: readonly number[], end: number): number[][] {
  // Index of the first Monday at or after the series' start.
  const firstMonday = (8 - first.dayOfWeek) % 7;
  const weeks: number[][] = [];
  for (let monday = firstMonday; monday + 7 <= end; monday += 7) weeks.push(units.slice(monday, monday + 7));
  return weeks.slice(-PROFILE_WEEKS);
}
