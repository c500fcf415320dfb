/**
 * "What changed for real": each participant's and each team's weekly units of every lead metric in
 * an ended week against the 8 weeks before (scoring/insights/weekly-changes.ts), only the changes
 * that stay significant after Benjamini–Hochberg. The managers' weekly digest and its webhook.
 */
import { BASELINE_WEEKS, type InsightSubject, WEEKLY_CHANGE_METHOD, type WeeklyCountSeries, weeklyChanges } from "../../scoring/insights/weekly-changes";
import { hasEnded } from "../../scoring/periods";
import { subtreeOf } from "../../scoring/teams";
import { conflict } from "../errors";
import { describePeriod } from "../period-query";
import { weeklyRollups } from "./insights-reads";
import { observedWeeks, round, weeksEndingWith, withinCalendar } from "./insights-weeks";
import { liveMetrics, type StoredMetric } from "./program";
import { lastEndedWeek, weekOf } from "./reports";
import type { EngineState } from "./state";

export const COUNT_NOTE =
  "Weekly units are whole counts: capped units, rounded down (for sum metrics, such as minutes, a count of units rather than of events). " +
  "Where a metric's weeks vary more than counts of independent events do (variance/mean over the baseline, median across sellers), " +
  "its counts are divided by that dispersion before the test, so that sums of values are not mistaken for changes (quasi-Poisson).";

/** At least this many baseline weeks with a positive mean make a seller's series count towards a metric's dispersion. */
const DISPERSION_MIN_WEEKS = 4;

interface Series {
  subject: InsightSubject;
  name: string;
  metric: StoredMetric;
  /** Whole units per week, baseline first, the ended week last. */
  counts: number[];
}

export function weeklyChangesOf(state: EngineState, weekLabel: string | undefined, now: number) {
  const program = state.program;
  const week = weekLabel === undefined ? lastEndedWeek(program.timezone, now) : withinCalendar(weekOf(weekLabel), "week");
  if (!hasEnded(week, program.timezone, now)) throw conflict("week_not_ended", `week ${week.label} has not ended in ${program.timezone}`);
  const weeks = weeksEndingWith(week, BASELINE_WEEKS + 1);
  const ended = BASELINE_WEEKS;
  const metrics = liveMetrics(program).filter((m) => m.indicator === "lead");

  // Capped units in hundredths per participant, metric and week.
  const units = new Map<number, Map<number, number[]>>();
  for (const r of weeklyRollups(
    state.storage,
    weeks,
    metrics.map((m) => m.id),
  )) {
    const byMetric = units.get(r.participantPk) ?? new Map<number, number[]>();
    units.set(r.participantPk, byMetric);
    const row = byMetric.get(r.metricId) ?? weeks.map(() => 0);
    byMetric.set(r.metricId, row);
    row[r.week] += r.cappedH;
  }
  const whole = (h: number) => Math.floor(h / 100);

  const series: Series[] = [];
  const observedOf = new Map<number, boolean[]>();
  for (const [pk, byMetric] of units) {
    const p = state.roster.get(pk);
    if (!p) continue;
    const active = new Set([...byMetric.values()].flatMap((row) => row.flatMap((h, i) => (h > 0 ? [i] : []))));
    const observed = observedWeeks(state, p, weeks, active);
    // Someone who was not in the program in the ended week has not changed: they were away.
    if (!observed[ended]) continue;
    observedOf.set(pk, observed);
    for (const m of metrics) {
      const row = byMetric.get(m.id) ?? weeks.map(() => 0);
      series.push({ subject: { participant: p.id }, name: p.displayName, metric: m, counts: row.flatMap((h, i) => (observed[i] ? [whole(h)] : [])) });
    }
  }
  for (const team of program.teams) {
    const keys = new Set(subtreeOf(program.teams, team.key));
    const members = state.roster.ranked().filter((x) => x.team !== null && keys.has(x.team));
    if (members.length === 0) continue;
    for (const m of metrics) {
      const sums = weeks.map(() => 0);
      for (const x of members)
        units
          .get(x.pk)
          ?.get(m.id)
          ?.forEach((h, i) => (sums[i] += h));
      series.push({ subject: { team: team.key }, name: team.name, metric: m, counts: sums.map(whole) });
    }
  }

  const dispersion = new Map(metrics.map((m) => [m.id, dispersionOf(series.filter((s) => s.metric === m && "participant" in s.subject))]));
  const tested: WeeklyCountSeries[] = series.map((s) => {
    const phi = dispersion.get(s.metric.id)!;
    const scaled = s.counts.map((c) => Math.floor(c / phi));
    return { subject: s.subject, metric: s.metric.key, baselineWeeks: scaled.slice(0, -1), endedWeek: scaled.at(-1)! };
  });
  const result = weeklyChanges(tested);
  const bySubject = new Map(series.map((s) => [subjectKey(s.subject, s.metric.key), s]));

  return {
    program: program.slug,
    week: describePeriod(week, program.timezone),
    baseline: { weeks: BASELINE_WEEKS, first: weeks[0].label, last: weeks[ended - 1].label },
    tested: result.tested,
    changes: result.changes.map((c) => {
      const s = bySubject.get(subjectKey(c.subject, c.metric))!;
      const baseline = s.counts.slice(0, -1);
      const baselineWeeklyMean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
      const endedWeek = s.counts.at(-1)!;
      return {
        ...("participant" in s.subject ? { participant: s.subject.participant } : { team: s.subject.team }),
        name: s.name,
        metric: s.metric.key,
        metricName: s.metric.name,
        direction: c.direction,
        endedWeek,
        baselineWeeklyMean: round(baselineWeeklyMean, 2),
        baselineWeeks: baseline.length,
        rateRatio: baselineWeeklyMean === 0 ? null : round(endedWeek / baselineWeeklyMean, 2),
        pValue: c.pValue,
        adjustedPValue: c.adjustedPValue,
      };
    }),
    dispersion: metrics.map((m) => ({ metric: m.key, value: round(dispersion.get(m.id)!, 2) })),
    method: WEEKLY_CHANGE_METHOD,
    counts: COUNT_NOTE,
  };
}

export type WeeklyInsights = ReturnType<typeof weeklyChangesOf>;

const subjectKey = (s: InsightSubject, metric: string) => `${"participant" in s ? `p:${s.participant}` : `t:${s.team}`} ${metric}`;

/**
 * φ, the metric's index of dispersion: the median over sellers of the variance / mean of their
 * baseline weeks, at least 1. Poisson counts give about 1; a sum of minutes, where one event
 * carries many units, gives about the mean units an event carries. A team's sum of independent
 * sellers has the same index, so teams use it too.
 */
function dispersionOf(series: readonly Series[]): number {
  const ratios: number[] = [];
  for (const s of series) {
    const base = s.counts.slice(0, -1);
    if (base.length < DISPERSION_MIN_WEEKS) continue;
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    if (!(mean > 0)) continue;
    ratios.push(base.reduce((a, b) => a + (b - mean) ** 2, 0) / (base.length - 1) / mean);
  }
  if (ratios.length === 0) return 1;
  ratios.sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  const median = ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
  return Math.max(1, median);
}
