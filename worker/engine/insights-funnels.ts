/**
 * A funnel of the program document over a period (scoring/insights/funnels.ts): each stage's
 * capped units, stage-to-stage conversions beside their history, the bottleneck, and where the
 * last stage will land this month and quarter. For the whole program, a team (its subtree's ranked
 * members, as team boards count them) or one participant.
 */
import { type Funnel, forecastFunnel, funnel, historicalConversions } from "../../scoring/insights/funnels";
import { weekdayProfile, weekdaysOf } from "../../scoring/insights/target-forecast";
import { asOfDay, localDateOf, parseLocalDate, type Period, periodOf } from "../../scoring/periods";
import { subtreeOf } from "../../scoring/teams";
import { invalid, notFound } from "../errors";
import { describePeriod, resolvePeriod } from "../period-query";
import { addDays, dailySums, rollupsByPeriod } from "./insights-reads";
import { round, withinCalendar } from "./insights-weeks";
import { funnelsOf, type StoredFunnel } from "./program";
import type { EngineState } from "./state";

/** Past periods a funnel is compared with, and its forecast's conversions are taken from. */
export const FUNNEL_HISTORY = { week: 8, month: 6, quarter: 4 } as const;
export type FunnelPeriodKind = keyof typeof FUNNEL_HISTORY;

export const FUNNEL_METHOD =
  "Stage units are capped units. A conversion is a stage's units over the previous stage's in the same period; its history is the same " +
  "ratio in each past period, and the historical conversion the ratio of their sums (busy periods weigh more). The bottleneck is the " +
  "step with the lowest conversion. The last stage's forecast: what happened so far, plus the rest of the period's first stage paced " +
  "from its complete days (weighted by the subject's weekday profile of the 8 weeks before) flowing down at the historical conversions.";

export interface FunnelQuery {
  period: FunnelPeriodKind;
  at?: string;
  participant?: string;
  team?: string;
}

export function funnelReport(state: EngineState, key: string, q: FunnelQuery, now: number) {
  const program = state.program;
  const f = funnelsOf(program).find((x) => x.key === key);
  if (!f) throw notFound("funnel");
  const { subject, pks } = subjectOf(state, q);
  const today = localDateOf(now, program.timezone);
  const period = withinCalendar(resolvePeriod(q.period, q.at, program.timezone, now), "at");
  const periods = back(period, FUNNEL_HISTORY[q.period]);
  const units = unitsPerPeriod(state, f, periods, pks, null);
  const shown = (x: Funnel) => ({
    stages: x.stages.map((s) => ({
      metric: s.metric,
      name: nameOf(state, s.metric),
      units: s.units,
      conversion: s.conversion === null ? null : round(s.conversion),
    })),
    bottleneck: x.bottleneck && { ...x.bottleneck, conversion: round(x.bottleneck.conversion) },
  });
  const current = funnel(f.stages, units.at(-1)!);
  const past = units.slice(0, -1);
  const historical = historicalConversions(f.stages, past);
  const asOf = asOfDay(period, today);
  return {
    program: program.slug,
    funnel: { key: f.key, name: f.name, stages: f.stages.map((m) => ({ metric: m, name: nameOf(state, m) })) },
    subject,
    period: describePeriod(period, program.timezone),
    ...shown(current),
    conversions: f.stages.slice(1).map((to, i) => ({
      from: f.stages[i],
      to,
      conversion: current.stages[i + 1].conversion === null ? null : round(current.stages[i + 1].conversion!),
      historical: historical[i] === null ? null : round(historical[i]!),
      history: past.map((u, j) => {
        const c = funnel(f.stages, u).stages[i + 1].conversion;
        return { period: periods[j].label, conversion: c === null ? null : round(c) };
      }),
    })),
    history: past.map((u, j) => ({ period: describePeriod(periods[j], program.timezone), ...shown(funnel(f.stages, u)) })),
    forecast: {
      month: forecastOver(state, f, periodOf("month", parseLocalDate(asOf)!), pks, today),
      quarter: forecastOver(state, f, periodOf("quarter", parseLocalDate(asOf)!), pks, today),
    },
    method: FUNNEL_METHOD,
  };
}

/** The subject a query names, and its participants' pks (null: everyone in the program). */
function subjectOf(state: EngineState, q: FunnelQuery) {
  const program = state.program;
  if (q.participant !== undefined && q.team !== undefined) {
    throw invalid([{ path: "team", message: "name a participant or a team, not both" }]);
  }
  if (q.participant !== undefined) {
    const p = state.roster.find(q.participant);
    if (!p) throw invalid([{ path: "participant", message: `no participant "${q.participant}" in this program` }]);
    return { subject: { participant: p.id, displayName: p.displayName }, pks: [p.pk] };
  }
  if (q.team !== undefined) {
    const team = program.teams.find((t) => t.key === q.team);
    if (!team) throw invalid([{ path: "team", message: `no team "${q.team}" in this program` }]);
    const keys = new Set(subtreeOf(program.teams, team.key));
    const members = state.roster.ranked().filter((x) => x.team !== null && keys.has(x.team));
    return { subject: { team: team.key, name: team.name, members: members.length }, pks: members.map((x) => x.pk) };
  }
  return { subject: { program: program.slug }, pks: null };
}

/** `period` and the `count` periods of its kind before it, oldest first. */
function back(period: Period, count: number): Period[] {
  const periods = [period];
  while (periods.length <= count) periods.unshift(periodOf(period.kind, parseLocalDate(addDays(periods[0].firstDay!, -1))!));
  return periods;
}

/** Each period's capped units per stage metric key; only days before `before` where given. */
function unitsPerPeriod(state: EngineState, f: StoredFunnel, periods: Period[], pks: number[] | null, before: string | null): Record<string, number>[] {
  const ids = f.stages.map((m) => state.metricByKey(m)?.id ?? -1);
  const units = periods.map(() => ({}) as Record<string, number>);
  if (pks?.length === 0) return units;
  for (const r of rollupsByPeriod(state.storage, periods, ids, pks)) {
    if (before !== null && r.day >= before) continue;
    const key = f.stages[ids.indexOf(r.metricId)];
    units[r.periodIndex][key] = round((units[r.periodIndex][key] ?? 0) + r.cappedH / 100, 2);
  }
  return units;
}

/** Where each stage lands at the end of `target` (a month or quarter), as at `today`. */
function forecastOver(state: EngineState, f: StoredFunnel, target: Period, pks: number[] | null, today: string) {
  const kind = target.kind as FunnelPeriodKind;
  const periods = back(target, FUNNEL_HISTORY[kind]);
  const ended = target.endDay! <= today;
  // The pace counts complete days only; the day in progress still counts in what has happened.
  const complete = unitsPerPeriod(state, f, periods, pks, ended ? null : today);
  const live = ended ? complete.at(-1)! : unitsPerPeriod(state, f, [target], pks, null)[0];
  const elapsed = ended ? 1 : elapsedShare(state, f, target, pks, today);
  const result = forecastFunnel(f.stages, complete.at(-1)!, elapsed, complete.slice(0, -1));
  const stages = result.stages.map((s) => {
    const units = live[s.metric] ?? 0;
    return { metric: s.metric, units, forecast: s.forecast === null ? null : round(Math.max(s.forecast, units), 2) };
  });
  return { period: describePeriod(target, state.program.timezone), elapsed: round(elapsed), stages, lastStage: stages.at(-1)!.forecast };
}

/** The share of the period's first-stage activity its complete days carry, by the weekday profile of the 8 weeks before it. */
function elapsedShare(state: EngineState, f: StoredFunnel, target: Period, pks: number[] | null, today: string): number {
  const first = parseLocalDate(target.firstDay!)!;
  const monday = addDays(first.toString(), -(first.dayOfWeek - 1));
  const from = addDays(monday, -56);
  const daily = dailySums(state.storage, { firstDay: from, endDay: monday }, pks, state.metricByKey(f.stages[0])?.id ?? -1);
  const weeks = Array.from({ length: 8 }, (_, w) => Array.from({ length: 7 }, (_, d) => daily.get(addDays(from, 7 * w + d)) ?? 0));
  const profile = weekdayProfile(weeks);
  const days = weekdaysOf(target.firstDay!, target.endDay!);
  const done = Math.max(0, parseLocalDate(target.firstDay!)!.until(parseLocalDate(today)!).days);
  const total = days.reduce((s, d) => s + profile[d], 0);
  return total === 0 ? 0 : days.slice(0, done).reduce((s, d) => s + profile[d], 0) / total;
}

const nameOf = (state: EngineState, key: string) => state.metricByKey(key)?.name ?? key;
