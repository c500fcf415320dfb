/**
 * One participant's score for a period (SPEC §4, §5): score, rank, percentile, cohort, metrics
 * (with a gauge's reading and change), targets, streak, badges and level.
 */
import { badgeHistory, badgesEarned } from "../../scoring/badges";
import { fromHundredths, fromTenThousandths } from "../../scoring/decimal";
import { dayReadings, type DayReading, gaugeFigures, readingOrZero } from "../../scoring/gauges";
import { levelOf } from "../../scoring/levels";
import { asOfDay, localDateOf, periodInstants } from "../../scoring/periods";
import { percentile } from "../../scoring/ranking";
import { byMetric, inPeriod } from "../../scoring/score";
import { countingDays, streakOf } from "../../scoring/streaks";
import { actualFromScore, actualFromUnits, measureTarget, targetPeriod } from "../../scoring/targets";
import { describePeriod } from "../period-query";
import type { BoardSpec } from "./boards";
import { boardSpec, type ReadPeriod } from "./periods";
import { reportRanksOf } from "./reports";
import { ownTargetForecast } from "./insights-forecasts";
import type { Participant } from "./roster";
import type { EngineState } from "./state";
import type { RollupRow } from "./storage";

/**
 * `until`, a local date, leaves out the days from it on in targets and streaks: a digest reads its
 * week as at the week's end, however long after it is read.
 */
export function scorecard(state: EngineState, p: Participant, period: ReadPeriod, now: number, until: string | null = null) {
  const program = state.program;
  const today = localDateOf(now, program.timezone);
  const asOf = asOfDay(period, today);
  const rollups = state.rollupsOf(p.pk, null);
  const within = rollups.filter((r) => inPeriod(r.day, period));
  const spec = boardSpec(state, period, null, now);
  const scored = spec.figure.kind === "points" ? spec.figure.metricIds : null;
  const score = within.filter((r) => scored === null || scored.includes(r.metricId)).reduce((sum, r) => sum + r.points, 0);
  const counted = until === null ? rollups : rollups.filter((r) => r.day < until);
  const readings = gaugeReadings(state, p);
  return {
    id: p.id,
    displayName: p.displayName,
    period: describePeriod(period, program.timezone),
    score: fromTenThousandths(score),
    ...standing(state, p, spec, score),
    byMetric: metricFigures(state, within, readings, period, today),
    targets: ownTargets(state, p, counted, readings, period, today, now),
    streak: streakOf(countingDays(pointsPerDay(counted)), today),
    badges: badgesOf(state, p, rollups, asOf),
    level: levelOf(
      program.levels ?? [],
      rollups.filter((r) => r.day <= asOf).reduce((sum, r) => sum + r.points, 0),
    ),
  };
}

/** Rank, board size and percentile on the board and the cohort's; null while the board does not rank the participant. */
function standing(state: EngineState, p: Participant, spec: BoardSpec, score: number) {
  const board = state.boards.get(spec);
  if (!board.ranks(p)) return { rank: null, of: null, percentile: null, cohort: null };
  const on = (cohort: string | null) => {
    const ranking = board.ranking(cohort);
    const of = ranking.size;
    return { rank: ranking.countAbove(score) + 1, of, percentile: percentile(ranking.countBelow(score), of) };
  };
  return { ...on(null), cohort: p.cohort === null ? null : { name: p.cohort, ...on(p.cohort) } };
}

/** `byMetric`: every live metric and archived ones with data; a gauge's entry also has `reading` and `change` (SPEC §5.1). */
function metricFigures(state: EngineState, within: RollupRow[], readings: Map<number, DayReading[]>, period: ReadPeriod, today: string) {
  const withData = new Set(within.map((r) => r.metricId));
  const shown = state.program.metrics.filter((m) => !m.archived || withData.has(m.id));
  const figures = byMetric(shown, within.map(dailyUnits(state)), period);
  return figures.map((f, i) => {
    const gauge = readings.get(shown[i].id);
    if (!gauge) return f;
    const { readingH, changeH } = gaugeFigures(gauge, period, today);
    return { ...f, reading: readingH === null ? null : fromHundredths(readingH), change: changeH === null ? null : fromHundredths(changeH) };
  });
}

/** The participant's own targets, each measured over its own period (SPEC §2.12; a gauge's measures a level, §5.1). */
function ownTargets(
  state: EngineState,
  p: Participant,
  rollups: RollupRow[],
  readings: Map<number, DayReading[]>,
  queried: ReadPeriod,
  today: string,
  now: number,
) {
  const program = state.program;
  return program.targets
    .filter((t) => "participant" in t.subject && t.subject.participant === p.id)
    .map((t) => {
      const period = targetPeriod(t.period, queried, today);
      // Only the days before `until` count (rollups are cut already); the period's bounds still measure `expected`.
      const days = rollups.filter((r) => inPeriod(r.day, period));
      const metric = t.metric === null ? null : state.metricByKey(t.metric);
      const actualT =
        metric == null
          ? actualFromScore(days.reduce((sum, r) => sum + r.points, 0))
          : metric.aggregation === "gauge"
            ? actualFromUnits(readingOrZero(readings.get(metric.id) ?? [], period, today))
            : actualFromUnits(days.filter((r) => r.metricId === metric.id).reduce((sum, r) => sum + r.cappedH, 0));
      const { start, end } = periodInstants(period, program.timezone)!;
      return {
        key: t.key,
        metric: t.metric,
        period: t.period,
        value: fromHundredths(t.valueH),
        ...measureTarget(t.valueH, actualT, start, end, now),
        ...ownTargetForecast(state, rollups, t, period, today, actualT),
      };
    });
}

/** Badges earned on or before `asOf` (SPEC §5.4), from all of the participant's days and, for `top` rules, the stored reports. */
function badgesOf(state: EngineState, p: Participant, rollups: RollupRow[], asOf: string) {
  const badges = state.program.badges ?? [];
  if (badges.length === 0) return [];
  const ranks = badges.some((b) => b.rule.kind === "top") ? reportRanksOf(state, p.id) : [];
  const history = badgeHistory(
    rollups.map((r) => ({ metric: state.metric(r.metricId)?.key ?? "", day: r.day, cappedH: r.cappedH, points: r.points })),
    ranks,
  );
  return badgesEarned(badges, history, asOf);
}

/** The participant's day readings of each gauge metric. */
function gaugeReadings(state: EngineState, p: Participant): Map<number, DayReading[]> {
  const gauges = state.program.metrics.filter((m) => m.aggregation === "gauge");
  return new Map(gauges.map((m) => [m.id, dayReadings(state.storage.gauges.readingsOf(p.pk, m.id))]));
}

/** A rollup as scoring's daily units of a metric key. */
export const dailyUnits = (state: EngineState) => (r: RollupRow) => ({ metric: state.metric(r.metricId)?.key ?? "", day: r.day, unitsH: r.unitsH });

/** Lead points per day from rollups (lag metrics' points are 0). */
export function pointsPerDay(rollups: readonly RollupRow[]): Map<string, number> {
  const points = new Map<string, number>();
  for (const r of rollups) points.set(r.day, (points.get(r.day) ?? 0) + r.points);
  return points;
}
