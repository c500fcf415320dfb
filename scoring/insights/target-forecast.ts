/**
 * "Where will targets land": a target's actual at its period's end, forecast from the pace so far
 * and the subject's own weekday rhythm (a seller who does most on Mondays is not behind on Monday
 * night), with a band and a status.
 */
import { Temporal } from "temporal-polyfill";

export type ForecastStatus = "will_meet" | "at_risk" | "will_miss";

/** Weeks of history the weekday profile is taken from. */
export const PROFILE_WEEKS = 8;
/** A forecast within this fraction of the target value is at risk whichever side it falls. */
export const AT_RISK_MARGIN = 0.1;
/** z for a central 80% band: a forecast that clears the value with its band is ≥ 90% likely to. */
export const BAND_Z = 1.2815515655446004;

export interface TargetForecastInput {
  /** The target's value (> 0). */
  value: number;
  /** The period, [firstDay, endDay) as local dates `YYYY-MM-DD`. */
  firstDay: string;
  endDay: string;
  /** Units (or points) of each complete day of the period so far, from firstDay on. */
  dailyUnits: readonly number[];
  /** The subject's complete past weeks, oldest first, each 7 daily numbers Monday first; the last PROFILE_WEEKS count. */
  pastWeeks: readonly (readonly number[])[];
}

export interface TargetForecast {
  actual: number;
  forecast: number;
  /** The central 80% band of the forecast; low never below actual. */
  low: number;
  high: number;
  status: ForecastStatus;
}

/** The share of a week's units each weekday carries, Monday first, from past weeks; uniform where they hold none. */
export function weekdayProfile(pastWeeks: readonly (readonly number[])[]): number[] {
  const totals = new Array<number>(7).fill(0);
  for (const week of pastWeeks) {
    if (week.length !== 7) throw new RangeError("a past week has 7 days");
    week.forEach((units, day) => (totals[day] += units));
  }
  const sum = totals.reduce((a, b) => a + b, 0);
  return sum > 0 ? totals.map((t) => t / sum) : new Array<number>(7).fill(1 / 7);
}

/** Monday-first weekday index (0–6) of each day in [firstDay, endDay). */
export function weekdaysOf(firstDay: string, endDay: string): number[] {
  const first = Temporal.PlainDate.from(firstDay);
  const days = first.until(Temporal.PlainDate.from(endDay)).days;
  if (!(days > 0)) throw new RangeError("a period ends after it starts");
  return Array.from({ length: days }, (_, i) => (first.dayOfWeek - 1 + i) % 7);
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Pace: λ = actual / E units per week, where E is the share of a week the elapsed days carry by
 * the profile (before any day has weight, λ is the mean past week). Forecast = actual + λ R, R the
 * remaining days' share. Band: if units arrive as an over-dispersed Poisson process, the error of
 * the remaining units predicted from λ has variance φ λ R (1 + R / E) — the remaining noise plus
 * the error of λ itself — with φ = max(1, variance / mean of past weekly totals), which also puts
 * sum metrics (revenue) on their own scale. Where nothing has been seen yet λ is taken as one unit
 * over E for the band, so an empty start is not certain to miss.
 *
 * Status: will_meet where actual ≥ value; at the period's end will_miss otherwise; else at_risk
 * where the forecast is within ±10% of the value or the band holds it; else will_meet or
 * will_miss by the forecast's side. With no elapsed share and no history there is nothing to go
 * on: the forecast is the actual and the status at_risk.
 */
export function forecastTarget(input: TargetForecastInput): TargetForecast {
  if (!(input.value > 0)) throw new RangeError("a target value is > 0");
  const weekdays = weekdaysOf(input.firstDay, input.endDay);
  const elapsed = input.dailyUnits.length;
  if (elapsed > weekdays.length) throw new RangeError("more days of units than the period has");
  const history = input.pastWeeks.slice(-PROFILE_WEEKS);
  const profile = weekdayProfile(history);
  const elapsedShare = sum(weekdays.slice(0, elapsed).map((d) => profile[d]));
  const remainingShare = sum(weekdays.slice(elapsed).map((d) => profile[d]));
  const actual = sum(input.dailyUnits);
  const weeklyTotals = history.map(sum);

  const done = (status: ForecastStatus): TargetForecast => ({ actual, forecast: actual, low: actual, high: actual, status });
  if (elapsed === weekdays.length) return done(actual >= input.value ? "will_meet" : "will_miss");
  const exposure = elapsedShare > 0 ? elapsedShare : weeklyTotals.length;
  if (exposure === 0) return done(actual >= input.value ? "will_meet" : "at_risk");

  const pace = elapsedShare > 0 ? actual / elapsedShare : sum(weeklyTotals) / weeklyTotals.length;
  const forecast = actual + pace * remainingShare;
  const band = BAND_Z * Math.sqrt(dispersion(weeklyTotals) * (pace > 0 ? pace : 1 / exposure) * remainingShare * (1 + remainingShare / exposure));
  const low = Math.max(actual, forecast - band);
  const high = forecast + band;
  return { actual, forecast, low, high, status: statusOf(input.value, actual, forecast, low, high) };
}

function statusOf(value: number, actual: number, forecast: number, low: number, high: number): ForecastStatus {
  if (actual >= value) return "will_meet";
  if (Math.abs(forecast - value) <= AT_RISK_MARGIN * value || (low <= value && value <= high)) return "at_risk";
  return forecast > value ? "will_meet" : "will_miss";
}

/** φ = variance / mean of weekly totals, at least 1 (Poisson); 1 with under 2 weeks. */
function dispersion(weeklyTotals: readonly number[]): number {
  const n = weeklyTotals.length;
  const mean = sum(weeklyTotals) / n;
  if (n < 2 || !(mean > 0)) return 1;
  const variance = weeklyTotals.reduce((s, t) => s + (t - mean) ** 2, 0) / (n - 1);
  return Math.max(1, variance / mean);
}
