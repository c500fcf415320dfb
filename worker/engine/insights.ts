/**
 * Reads the site needs beyond the v1 contract, answered from the engine: a program's summary, the
 * participants table and its dry-run check, a participant's weekly series beside their team, and
 * the console's dashboard (participation, a team × metric heat map, team targets).
 */
import { fromHundredths, fromTenThousandths } from "../../scoring/decimal";
import { dayReadings } from "../../scoring/gauges";
import { asOfDay, localDateOf, type Period, periodBefore, periodInstants } from "../../scoring/periods";
import { actualFromScore, actualFromUnits, measureTarget, type TargetPeriodKind, targetPeriod } from "../../scoring/targets";
import { directTotals, rollUp, subtreeOf, teamScore, type Totals } from "../../scoring/teams";
import { describePeriod } from "../period-query";
import { memberCounts, subtreeDailyFigures, teamTargetForecast } from "./insights-forecasts";
import { liveMetrics } from "./program";
import { inIdOrder, type Participant } from "./roster";
import type { EngineState } from "./state";

export function summary(state: EngineState, now: number) {
  const p = state.program;
  const cohorts = new Map<string, number>();
  for (const x of state.roster.all()) if (x.ranked && x.cohort !== null) cohorts.set(x.cohort, (cohorts.get(x.cohort) ?? 0) + 1);
  return {
    slug: p.slug,
    name: p.name,
    timezone: p.timezone,
    visibility: p.visibility,
    requireOptIn: p.requireOptIn,
    teamAggregation: p.teamAggregation,
    today: localDateOf(now, p.timezone),
    metrics: liveMetrics(p).map((m) => ({ key: m.key, name: m.name, indicator: m.indicator, aggregation: m.aggregation })),
    teams: p.teams,
    cohorts: [...cohorts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, size]) => ({ name, size })),
  };
}

/** A page of the participants in id order, searched by id, name, team or cohort. */
export function participantPage(state: EngineState, q: string | undefined, offset: number, limit: number) {
  const needle = q?.toLowerCase();
  const matches = (x: Participant) => [x.id, x.displayName, x.team ?? "", x.cohort ?? ""].some((f) => f.toLowerCase().includes(needle!));
  const found = [...state.roster.all()].filter((x) => needle === undefined || matches(x)).sort(inIdOrder);
  return {
    total: found.length,
    offset,
    participants: found.slice(offset, offset + limit).map((x) => ({
      id: x.id,
      displayName: x.displayName,
      team: x.team,
      cohort: x.cohort,
      optedIn: x.toggles.at(-1)?.optedIn ?? false,
      ranked: x.ranked,
    })),
  };
}

/** Which teams exist and which ids are participants already: what a dry run of an upsert needs. */
export function upsertFacts(state: EngineState, ids: string[]) {
  return { teams: state.program.teams.map((t) => t.key), existing: ids.filter((id) => state.roster.find(id) !== undefined) };
}

/** A participant's weekly scores, oldest first, beside the mean of their team's ranked members (the teams below included). */
export function history(state: EngineState, p: Participant, lastWeek: Period, count: number) {
  const program = state.program;
  const weeks = [lastWeek];
  while (weeks.length < count) weeks.unshift(periodBefore(weeks[0]));
  const teamKeys = new Set(p.team === null ? [] : subtreeOf(program.teams, p.team));
  const members = state.roster.ranked().filter((x) => x.team !== null && teamKeys.has(x.team));
  const range: Period = { kind: "all", label: "all", firstDay: weeks[0].firstDay, endDay: lastWeek.endDay };
  const weekOf = (day: string) => weeks.findIndex((w) => w.firstDay! <= day && day < w.endDay!);
  const pointsPerWeek = (pk: number) => {
    const sums = weeks.map(() => 0);
    for (const r of state.rollupsOf(pk, range)) sums[weekOf(r.day)] += r.points;
    return sums;
  };
  const own = pointsPerWeek(p.pk);
  const teamSums = weeks.map(() => 0);
  for (const m of members) pointsPerWeek(m.pk).forEach((points, i) => (teamSums[i] += points));
  return {
    id: p.id,
    team: p.team,
    teamName: program.teams.find((t) => t.key === p.team)?.name ?? null,
    teamMembers: members.length,
    weeks: weeks.map((w, i) => ({
      ...describePeriod(w, program.timezone),
      score: fromTenThousandths(own[i]),
      teamMean: members.length === 0 ? null : fromTenThousandths(teamScore({ sum: teamSums[i], count: members.length }, "mean")),
    })),
  };
}

export function dashboard(state: EngineState, week: Period, now: number) {
  const program = state.program;
  const today = localDateOf(now, program.timezone);
  const metrics = liveMetrics(program);
  const everyone = [...state.roster.all()];
  // Summed in SQLite: a week of a large program is hundreds of thousands of rollups.
  const active = { size: state.storage.activeWithin(week) };
  const cells = new Map(state.storage.teamMetricSums(week).map((c) => [`${c.team}|${c.metricId}`, c]));
  const members = new Map<string, number>();
  for (const x of everyone) if (x.ranked && x.team !== null) members.set(x.team, (members.get(x.team) ?? 0) + 1);
  const optedIn = everyone.filter((x) => x.toggles.at(-1)?.optedIn).length;
  const ranked = everyone.filter((x) => x.ranked).length;
  const share = (n: number) => (everyone.length === 0 ? null : Math.round((1000 * n) / everyone.length) / 1000);
  return {
    program: program.slug,
    week: describePeriod(week, program.timezone),
    participation: {
      participants: everyone.length,
      optedIn,
      optedInShare: share(optedIn),
      ranked,
      activeThisWeek: active.size,
      activeShare: share(active.size),
    },
    heatmap: {
      metrics: metrics.map((m) => ({ key: m.key, name: m.name, indicator: m.indicator })),
      teams: program.teams
        .filter((t) => members.has(t.key) || metrics.some((m) => cells.has(`${t.key}|${m.id}`)))
        .map((t) => ({
          key: t.key,
          name: t.name,
          members: members.get(t.key) ?? 0,
          cells: metrics.map((m) => {
            const f = cells.get(`${t.key}|${m.id}`);
            return { metric: m.key, points: fromTenThousandths(f?.points ?? 0), cappedUnits: fromHundredths(f?.cappedH ?? 0) };
          }),
        })),
    },
    targets: teamTargets(state, week, today, now),
  };
}

/** Team targets (SPEC §2.12): each over its own period, totals over the team's subtree computed once per period and metric. */
function teamTargets(state: EngineState, week: Period, today: string, now: number) {
  const program = state.program;
  const totals = new Map<string, Map<string, Totals>>();
  const totalsOf = (period: Period, metric: string | null) => {
    const key = `${period.label}|${metric}`;
    let found = totals.get(key);
    if (!found) totals.set(key, (found = metric === null ? state.leadBoard(period).teamTotals(program.teams, null) : unitTotals(state, period, metric, today)));
    return found;
  };
  const names = new Map(program.teams.map((x) => [x.key, x.name]));
  let membersOf: ((team: string) => number) | undefined;
  const subtreeDaily = subtreeDailyFigures(state);
  // A period's instants and description once each: a program may have a thousand targets over a few periods.
  const periods = new Map<string, { period: Period; instants: { start: number; end: number }; described: ReturnType<typeof describePeriod> }>();
  const periodOf = (kind: TargetPeriodKind) => {
    const period = targetPeriod(kind, week, today);
    let found = periods.get(period.label);
    if (!found)
      periods.set(period.label, (found = { period, instants: periodInstants(period, program.timezone)!, described: describePeriod(period, program.timezone) }));
    return found;
  };
  return program.targets.flatMap((t) => {
    if (!("team" in t.subject)) return [];
    const team = t.subject.team;
    const { period, instants, described } = periodOf(t.period);
    const total = totalsOf(period, t.metric).get(team) ?? { sum: 0, count: 0 };
    const actualT = t.metric === null ? actualFromScore(total.count === 0 ? 0 : teamScore(total, program.teamAggregation)) : actualFromUnits(total.sum);
    return [
      {
        key: t.key,
        team,
        teamName: names.get(team) ?? team,
        metric: t.metric,
        period: described,
        value: fromHundredths(t.valueH),
        ...measureTarget(t.valueH, actualT, instants.start, instants.end, now),
        ...teamTargetForecast(state, { ...t, subject: { team } }, period, today, actualT, (membersOf ??= memberCounts(state))(team), subtreeDaily),
      },
    ];
  });
}

/**
 * Capped units of one metric over the period per team's subtree, of its ranked members; for a
 * gauge, their readings at the period's end or today (SPEC §5.1).
 */
function unitTotals(state: EngineState, period: Period, metricKey: string, today: string): Map<string, Totals> {
  const metric = state.metricByKey(metricKey);
  const perMember = new Map<number, number>();
  if (metric?.aggregation === "gauge") {
    for (const [pk, events] of state.storage.gauges.readingsUntil(metric.id, asOfDay(period, today))) perMember.set(pk, dayReadings(events).at(-1)!.readingH);
  } else if (metric) {
    for (const [pk, cappedH] of state.storage.cappedWithin(period, metric.id)) perMember.set(pk, cappedH);
  }
  const members = state.roster.ranked().map((x) => ({ team: x.team, score: perMember.get(x.pk) ?? 0 }));
  return rollUp(state.program.teams, directTotals(members));
}
