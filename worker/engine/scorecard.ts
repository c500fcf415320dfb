/** One participant's score for a period (SPEC §4): score, rank, percentile, cohort, metrics, targets, streak. */
import { fromHundredths, fromTenThousandths } from "../../scoring/decimal";
import { localDateOf, periodInstants, type Period } from "../../scoring/periods";
import { percentile } from "../../scoring/ranking";
import { byMetric, inPeriod } from "../../scoring/score";
import { countingDays, streakOf } from "../../scoring/streaks";
import { actualFromScore, actualFromUnits, measureTarget, targetPeriod } from "../../scoring/targets";
import { describePeriod } from "../period-query";
import { ownTargetForecast } from "./insights-forecasts";
import type { Participant } from "./roster";
import type { EngineState } from "./state";
import type { RollupRow } from "./storage";

/**
 * `until`, a local date, leaves out the days from it on in targets and streaks: a digest reads its
 * week as at the week's end, however long after it is read.
 */
export function scorecard(state: EngineState, p: Participant, period: Period, now: number, until: string | null = null) {
  const program = state.program;
  const today = localDateOf(now, program.timezone);
  const rollups = state.rollupsOf(p.pk, null);
  const within = rollups.filter((r) => inPeriod(r.day, period));
  const score = within.reduce((sum, r) => sum + r.points, 0);
  const counted = until === null ? rollups : rollups.filter((r) => r.day < until);
  return {
    id: p.id,
    displayName: p.displayName,
    period: describePeriod(period, program.timezone),
    score: fromTenThousandths(score),
    ...standing(state, p, period, score),
    byMetric: byMetric(shownMetrics(state, within), within.map(dailyUnits(state)), period),
    targets: ownTargets(state, p, counted, period, today, now, until),
    streak: streakOf(countingDays(pointsPerDay(counted)), today),
  };
}

/** Rank, board size and percentile on the program's board and the cohort's; null while not ranked. */
function standing(state: EngineState, p: Participant, period: Period, score: number) {
  if (!p.ranked) return { rank: null, of: null, percentile: null, cohort: null };
  const board = state.boards.get(period);
  const on = (cohort: string | null) => {
    const ranking = board.ranking(cohort);
    const of = ranking.size;
    return { rank: ranking.countAbove(score) + 1, of, percentile: percentile(ranking.countBelow(score), of) };
  };
  const overall = on(null);
  return { ...overall, cohort: p.cohort === null ? null : { name: p.cohort, ...on(p.cohort) } };
}

/** The participant's own targets, each measured over its own period (SPEC §2.12). */
function ownTargets(state: EngineState, p: Participant, rollups: RollupRow[], queried: Period, today: string, now: number, until: string | null) {
  const program = state.program;
  return program.targets
    .filter((t) => "participant" in t.subject && t.subject.participant === p.id)
    .map((t) => {
      const period = targetPeriod(t.period, queried, today);
      // Only the days before `until` count (rollups are cut already); the period's bounds still measure `expected`.
      const days = rollups.filter((r) => inPeriod(r.day, period));
      const metricId = t.metric === null ? null : state.metricByKey(t.metric)?.id;
      const actualT =
        t.metric === null
          ? actualFromScore(days.reduce((sum, r) => sum + r.points, 0))
          : actualFromUnits(days.filter((r) => r.metricId === metricId).reduce((sum, r) => sum + r.cappedH, 0));
      const { start, end } = periodInstants(period, program.timezone)!;
      return { key: t.key, metric: t.metric, period: t.period, value: fromHundredths(t.valueH), ...measureTarget(t.valueH, actualT, start, end, now), ...ownTargetForecast(state, rollups, t, period, until ?? today, actualT) };
    });
}

/** Every live metric, and archived ones with data in the rollups: a score card lists these. */
function shownMetrics(state: EngineState, within: readonly RollupRow[]) {
  const withData = new Set(within.map((r) => r.metricId));
  return state.program.metrics.filter((m) => !m.archived || withData.has(m.id));
}

/** A rollup as scoring's daily units of a metric key. */
export const dailyUnits = (state: EngineState) => (r: RollupRow) => ({ metric: state.metric(r.metricId)?.key ?? "", day: r.day, unitsH: r.unitsH });

/** Lead points per day from rollups (lag metrics' points are 0). */
export function pointsPerDay(rollups: readonly RollupRow[]): Map<string, number> {
  const points = new Map<string, number>();
  for (const r of rollups) points.set(r.day, (points.get(r.day) ?? 0) + r.points);
  return points;
}
