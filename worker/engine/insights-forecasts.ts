/**
 * "Where targets will land": a target's forecast at its period's end and a status
 * (scoring/insights/target-forecast.ts), from the pace of the period's complete days and the
 * subject's own weekday profile over the PROFILE_WEEKS weeks before the period. Score cards call
 * ownTargetForecast, the dashboard teamTargetForecast.
 */
import { Temporal } from "temporal-polyfill";
import { type ForecastStatus, forecastTarget, PROFILE_WEEKS } from "../../scoring/insights/target-forecast";
import type { Period } from "../../scoring/periods";
import { ancestry, rollUpByKey } from "../../scoring/teams";
import type { StoredTarget } from "./program";
import type { EngineState } from "./state";
import type { RollupRow } from "./storage";

export interface TargetForecastFigures {
  /** The actual forecast at the period's end, in the target's units (capped units, or points), to 2 places. */
  forecast: number;
  forecastStatus: ForecastStatus;
}

/** The Monday PROFILE_WEEKS weeks before the week holding the period's first day: where the profile's weeks start. */
function profileStart(period: Period): Temporal.PlainDate {
  const first = Temporal.PlainDate.from(period.firstDay!);
  return first.subtract({ days: first.dayOfWeek - 1 + 7 * PROFILE_WEEKS });
}

/**
 * The forecast from daily figures (in the target's units) of the subject, keyed by local day.
 * `asOf` is the first day not complete yet (today, or the day a digest is read as at): days before
 * it are the pace; `liveActual` includes the day in progress, so a forecast never falls below it.
 * Days are counted as day numbers, not compared as text: a period may end in the year 10000. (Not
 * with Temporal either: a dashboard of a thousand targets walked 63 days each through the polyfill.)
 */
export function forecastFromDaily(daily: ReadonlyMap<string, number>, period: Period, asOf: string, value: number, liveActual: number): TargetForecastFigures {
  const figure = (day: number) => daily.get(dayText(day)) ?? 0;
  const first = dayNumber(period.firstDay!);
  const length = dayNumber(period.endDay!) - first;
  const elapsed = Math.max(0, Math.min(length, dayNumber(asOf) - first));
  const dailyUnits = Array.from({ length: elapsed }, (_, i) => figure(first + i));
  // Complete Monday-to-Sunday weeks before the period; weeks before the subject's first activity are not history.
  const start = dayNumber(profileStart(period).toString());
  const weeks = Math.floor((first - start) / 7);
  let pastWeeks = Array.from({ length: weeks }, (_, w) => Array.from({ length: 7 }, (_, d) => figure(start + 7 * w + d)));
  const firstActive = pastWeeks.findIndex((w) => w.some((x) => x > 0));
  pastWeeks = firstActive < 0 ? [] : pastWeeks.slice(firstActive);
  const f = forecastTarget({ value, firstDay: period.firstDay!, endDay: period.endDay!, dailyUnits, pastWeeks });
  const forecast = Math.max(f.forecast, liveActual);
  return { forecast: Math.round(forecast * 100) / 100, forecastStatus: liveActual >= value ? "will_meet" : f.status };
}

/** Days since 1970-01-01 of a local date, `YYYY-MM-DD` or with an expanded year (`+010000-01-01`). */
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
/** The local date of a day number, as rollups key it. */
const dayText = (n: number) => {
  const iso = new Date(n * 86_400_000).toISOString();
  return iso.slice(0, iso.indexOf("T"));
};

/** A participant's own target, from their rollups (already read by the score card). */
export function ownTargetForecast(
  state: EngineState,
  rollups: readonly RollupRow[],
  t: StoredTarget,
  period: Period,
  asOf: string,
  actualT: number,
): TargetForecastFigures {
  const metricId = t.metric === null ? null : state.metricByKey(t.metric)?.id;
  const from = profileStart(period).toString();
  const daily = new Map<string, number>();
  for (const r of rollups) {
    // Rollup days are YYYY-MM-DD; the bounds may not be (year 0 or 10000), and then no day is inside them.
    if (r.day < from || r.day >= period.endDay!) continue;
    const figure = metricId === null ? r.points / 10_000 : r.metricId === metricId ? r.cappedH / 100 : 0;
    daily.set(r.day, (daily.get(r.day) ?? 0) + figure);
  }
  return forecastFromDaily(daily, period, asOf, t.valueH / 100, actualT / 10_000);
}

/**
 * A team target, over the team subtree's ranked members (`members` of them, their daily figures in
 * the target's units from subtreeDaily). A mean team score is forecast as their sum against value ×
 * members, then divided back: the sum is what arrives as counts, so the forecast's band stays on
 * the scale it was made for.
 */
export function teamTargetForecast(
  state: EngineState,
  t: StoredTarget & { subject: { team: string } },
  period: Period,
  asOf: string,
  actualT: number,
  members: number,
  subtreeDaily: SubtreeDaily,
): TargetForecastFigures {
  const program = state.program;
  const metricId = t.metric === null ? null : (state.metricByKey(t.metric)?.id ?? -1);
  const perUnit = metricId === null ? 10_000 : 100;
  const sums = subtreeDaily({ firstDay: profileStart(period).toString(), endDay: period.endDay! }, metricId)(t.subject.team);
  const daily = new Map([...sums].map(([day, total]) => [day, total / perUnit]));
  const scale = t.metric === null && program.teamAggregation === "mean" ? Math.max(1, members) : 1;
  const f = forecastFromDaily(daily, period, asOf, (t.valueH / 100) * scale, (actualT / 10_000) * scale);
  return { forecast: Math.round((f.forecast / scale) * 100) / 100, forecastStatus: f.forecastStatus };
}

/** Each team subtree's daily figures over a range, of one metric's capped units (hundredths) or lead points (ten-thousandths, metric null). */
export type SubtreeDaily = (range: { firstDay: string; endDay: string }, metricId: number | null) => (team: string) => ReadonlyMap<string, number>;

/**
 * Daily figures of every team's subtree over its ranked members: each team's own figures per day
 * (held between reads: team-day-sums.ts), summed up the tree once per range and metric, so a
 * dashboard of many team targets reads each day once, not per target.
 */
export function subtreeDailyFigures(state: EngineState): SubtreeDaily {
  const found = new Map<string, Map<string, Map<string, number>>>();
  return (range, metricId) => {
    const key = `${range.firstDay}|${range.endDay}|${metricId}`;
    let byTeam = found.get(key);
    if (!byTeam) {
      // Only days that hold rollups have figures; Temporal is not needed to list them.
      const days = [...state.days].filter((day) => day >= range.firstDay && day < range.endDay);
      const direct = state.boards.teamDays.read(state.storage, state.roster, days, metricId);
      found.set(key, (byTeam = rollUpByKey(state.program.teams, direct)));
    }
    return (team) => byTeam.get(team) ?? new Map();
  };
}

/**
 * How many ranked members every team's subtree has: each participant counts for their team and
 * every team above it, so a dashboard of many team targets walks the tree once, not per target.
 */
export function memberCounts(state: EngineState): (team: string) => number {
  const chainOf = ancestry(state.program.teams);
  const counts = new Map<string, number>();
  for (const p of state.roster.ranked()) {
    if (p.team === null) continue;
    for (const key of chainOf(p.team)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (team) => counts.get(team) ?? 0;
}
