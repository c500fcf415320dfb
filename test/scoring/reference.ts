/**
 * A deliberately naive reference for SPEC §2: everything is recomputed from the raw world (program,
 * weight changes, opt-in histories, events) by brute force, in BigInt, on the Intl calendar of
 * reference-calendar.ts. It shares no code with scoring/.
 */
import { addDays, bounds, compareUtf8, firstInstant, label, localDay, roundHalfUp } from "./reference-calendar";

export type Kind = "day" | "week" | "month" | "quarter" | "all";
export type TargetKind = "week" | "month" | "quarter";

export interface WeightPut {
  points: number;
  dailyCap: number | null;
  effectiveFrom: string | null;
  /** The local date of the PUT. */
  today: string;
}

export interface WorldMetric {
  key: string;
  indicator: "lead" | "lag";
  aggregation: "count" | "sum";
  /** The PUTs that set its weight, in order; the first one creates it. */
  puts: WeightPut[];
}

export interface WorldParticipant {
  id: string;
  team: string | null;
  cohort: string | null;
  /** Opt-in toggles in the order they were made (never earlier than the one before). */
  toggles: { at: number; optedIn: boolean }[];
}

export interface WorldEvent {
  participant: string;
  metric: string;
  occurredAt: number;
  value: number;
}

export interface WorldTarget {
  key: string;
  subject: { participant: string } | { team: string };
  metric: string | null;
  period: TargetKind;
  value: number;
}

export interface World {
  timeZone: string;
  requireOptIn: boolean;
  teamAggregation: "sum" | "mean";
  metrics: WorldMetric[];
  teams: { key: string; parent: string | null }[];
  participants: WorldParticipant[];
  events: WorldEvent[];
  targets: WorldTarget[];
  now: number;
}

/** A queried period: its kind and any local date inside it. */
export interface Query {
  kind: Kind;
  day: string;
}

const hundredths = (n: number) => BigInt(Math.round(n * 100));

interface Version {
  from: string;
  pointsH: bigint;
  capH: bigint | null;
}

/** The versions after replaying every PUT: a changed weight drops the versions dated on or after its own. */
export function versionsOf(metric: WorldMetric): Version[] {
  let versions: Version[] = [];
  for (const put of metric.puts) {
    const v = {
      from: put.effectiveFrom ?? put.today,
      pointsH: hundredths(put.points),
      capH: put.dailyCap === null ? null : hundredths(put.dailyCap),
    };
    const latest = versions.reduce<Version | null>((a, b) => (a === null || b.from > a.from ? b : a), null);
    if (latest && latest.pointsH === v.pointsH && latest.capH === v.capH) continue;
    versions = versions.filter((old) => old.from < v.from).concat(v);
  }
  return versions;
}

/** The version scoring a day: the latest dated on or before it, else the earliest. */
export function versionFor(versions: Version[], day: string): Version {
  const onOrBefore = versions.filter((v) => v.from <= day);
  if (onOrBefore.length > 0) return onOrBefore.reduce((a, b) => (b.from > a.from ? b : a));
  return versions.reduce((a, b) => (b.from < a.from ? b : a));
}

export function optedIn(p: WorldParticipant, at: number): boolean {
  const before = p.toggles.filter((t) => t.at <= at);
  return before.length > 0 && before[before.length - 1].optedIn;
}

export function today(world: World): string {
  return localDay(world.now, world.timeZone);
}

type Rows = Map<string, { metric: string; day: string; unitsH: bigint }[]>;
const rowsCache = new WeakMap<World, Rows>();

/** Per participant: rows of (metric, day, units in hundredths), one per event accepted. */
export function unitRows(world: World): Rows {
  const cached = rowsCache.get(world);
  if (cached) return cached;
  const rows = new Map(world.participants.map((p) => [p.id, [] as { metric: string; day: string; unitsH: bigint }[]]));
  for (const e of world.events) {
    const p = world.participants.find((x) => x.id === e.participant)!;
    if (world.requireOptIn && !optedIn(p, e.occurredAt)) continue;
    const metric = world.metrics.find((m) => m.key === e.metric)!;
    const unitsH = metric.aggregation === "count" ? 100n : hundredths(e.value);
    rows.get(p.id)!.push({ metric: e.metric, day: localDay(e.occurredAt, world.timeZone), unitsH });
  }
  rowsCache.set(world, rows); // the world never changes: this only saves time
  return rows;
}

/** Units, capped units and points of one participant and metric over the days that match. */
export function metricTotals(world: World, id: string, metricKey: string, dayMatches: (day: string) => boolean) {
  const metric = world.metrics.find((m) => m.key === metricKey)!;
  const versions = versionsOf(metric);
  const perDay = new Map<string, bigint>();
  for (const r of unitRows(world).get(id)!) {
    if (r.metric === metricKey && dayMatches(r.day)) perDay.set(r.day, (perDay.get(r.day) ?? 0n) + r.unitsH);
  }
  let units = 0n;
  let capped = 0n;
  let points = 0n;
  for (const [day, u] of perDay) {
    const v = versionFor(versions, day);
    const c = v.capH !== null && v.capH < u ? v.capH : u;
    units += u;
    capped += c;
    if (metric.indicator === "lead") points += c * v.pointsH;
  }
  return { units, capped, points };
}

/** The lead score (ten-thousandths) of a participant over the days that match. */
export function scoreOver(world: World, id: string, dayMatches: (day: string) => boolean): bigint {
  return world.metrics.reduce((sum, m) => sum + metricTotals(world, id, m.key, dayMatches).points, 0n);
}

export const inQuery = (q: Query) => (day: string) => label(q.kind, day) === label(q.kind, q.day);

export function ranked(world: World, cohort: string | null = null): WorldParticipant[] {
  return world.participants.filter((p) => (!world.requireOptIn || optedIn(p, world.now)) && (cohort === null || p.cohort === cohort));
}

/** A board: rank = 1 + count of strictly higher scores; percentile by counting strictly lower ones. */
export function board(world: World, q: Query, cohort: string | null = null) {
  const scored = ranked(world, cohort).map((p) => ({ id: p.id, score: scoreOver(world, p.id, inQuery(q)) }));
  const n = scored.length;
  return scored
    .map((e) => {
      const higher = scored.filter((o) => o.score > e.score).length;
      const lower = scored.filter((o) => o.score < e.score).length;
      const percentile = n === 1 ? 100n : roundHalfUp(100n * BigInt(lower), BigInt(n - 1));
      return { rank: higher + 1, id: e.id, score: e.score, percentile: Number(percentile) };
    })
    .sort((a, b) => (a.score !== b.score ? (a.score > b.score ? -1 : 1) : compareUtf8(a.id, b.id)));
}

/** Whether a participant of team `own` belongs to team `key`: walk up from `own`. */
export function inTeam(world: World, own: string | null, key: string): boolean {
  const seen = new Set<string>();
  for (let k = own; k !== null && !seen.has(k); ) {
    const team = world.teams.find((t) => t.key === k);
    if (!team) return false;
    if (k === key) return true;
    seen.add(k);
    k = team.parent;
  }
  return false;
}

export function teamScoreOf(world: World, memberScores: bigint[]): bigint {
  const sum = memberScores.reduce((a, b) => a + b, 0n);
  return world.teamAggregation === "sum" ? sum : roundHalfUp(sum, BigInt(memberScores.length));
}

export function teamBoard(world: World, q: Query) {
  const players = ranked(world).map((p) => ({ team: p.team, score: scoreOver(world, p.id, inQuery(q)) }));
  const entries = world.teams
    .map((t) => ({ key: t.key, scores: players.filter((p) => inTeam(world, p.team, t.key)).map((p) => p.score) }))
    .filter((t) => t.scores.length > 0)
    .map((t) => ({ key: t.key, members: t.scores.length, score: teamScoreOf(world, t.scores) }));
  return entries
    .map((e) => ({ rank: 1 + entries.filter((o) => o.score > e.score).length, ...e }))
    .sort((a, b) => (a.score !== b.score ? (a.score > b.score ? -1 : 1) : compareUtf8(a.key, b.key)));
}

/** Streaks by walking back from today and over every day from the first counting day. */
export function streak(world: World, id: string) {
  const counts = (day: string) => scoreOver(world, id, (d) => d === day) > 0n;
  const days = [
    ...new Set(
      unitRows(world)
        .get(id)!
        .map((r) => r.day),
    ),
  ]
    .filter(counts)
    .sort();
  let longest = 0;
  for (const start of days) {
    let run = 0;
    while (days.includes(addDays(start, run))) run++;
    longest = Math.max(longest, run);
  }
  const t = today(world);
  let day = counts(t) ? t : addDays(t, -1);
  let current = 0;
  while (counts(day)) {
    current++;
    day = addDays(day, -1);
  }
  return { current, longest };
}

/** Targets of a subject for a query, measured by the letter of SPEC §2.12. */
export function targetsOf(world: World, subject: { participant: string } | { team: string }, q: Query) {
  const t = today(world);
  const queriedEnd = q.kind === "all" ? null : bounds(q.kind, q.day).end;
  const anchor = queriedEnd !== null && queriedEnd <= t ? addDays(queriedEnd, -1) : t;
  return world.targets
    .filter((target) => JSON.stringify(target.subject) === JSON.stringify(subject))
    .map((target) => {
      const { first, end } = bounds(target.period, anchor);
      const inside = (day: string) => first <= day && day < end;
      const members =
        "participant" in subject
          ? [subject.participant]
          : ranked(world)
              .filter((p) => inTeam(world, p.team, subject.team))
              .map((p) => p.id);
      let actualT: bigint;
      if (target.metric !== null) {
        const metric = target.metric;
        actualT = 100n * members.reduce((s, id) => s + metricTotals(world, id, metric, inside).capped, 0n);
      } else if ("participant" in subject) {
        actualT = scoreOver(world, subject.participant, inside);
      } else {
        // A team's lead score is its team score (sum or mean); no members, nothing achieved.
        const scores = members.map((id) => scoreOver(world, id, inside));
        actualT = scores.length === 0 ? 0n : teamScoreOf(world, scores);
      }
      const valueT = 100n * hundredths(target.value);
      const start = firstInstant(first, world.timeZone);
      const stop = firstInstant(end, world.timeZone);
      const elapsed = BigInt(world.now <= start ? 0 : world.now >= stop ? stop - start : world.now - start);
      const expectedT = roundHalfUp(valueT * elapsed, BigInt(stop - start));
      const status = actualT >= valueT ? "met" : actualT >= expectedT ? "on_track" : "behind";
      return {
        key: target.key,
        label: label(target.period, anchor),
        start,
        end: stop,
        actualT,
        attainmentT: roundHalfUp(actualT * 10_000n, valueT),
        expectedT,
        status,
      };
    });
}

/** The Power 100 from each ranked participant's score this week and last, by counting. */
export function powerReport(thisWeek: Map<string, bigint>, lastWeek: Map<string, bigint>) {
  const rankOf = (scores: Map<string, bigint>, id: string) => {
    const own = scores.get(id) ?? 0n;
    return own > 0n ? 1 + [...scores.values()].filter((s) => s > own).length : null;
  };
  const entries = [...thisWeek]
    .filter(([id]) => rankOf(thisWeek, id) !== null && rankOf(thisWeek, id)! <= 100)
    .map(([id, score]) => {
      const rank = rankOf(thisWeek, id)!;
      const previousRank = rankOf(lastWeek, id);
      const scoreChange = score - (lastWeek.get(id) ?? 0n);
      return { id, score, rank, previousRank, rankChange: previousRank === null ? null : previousRank - rank, scoreChange };
    })
    .sort((a, b) => a.rank - b.rank || compareUtf8(a.id, b.id));
  const movers = entries
    .filter((e) => e.rankChange !== null && e.rankChange > 0)
    .sort((a, b) => b.rankChange! - a.rankChange! || a.rank - b.rank || compareUtf8(a.id, b.id))
    .slice(0, 5)
    .map((e) => e.id);
  const newEntries = entries.filter((e) => e.previousRank === null || e.previousRank > 100).map((e) => e.id);
  const total = [...thisWeek.values()].filter((s) => s > 0n).length;
  return { total, entries, movers, newEntries };
}
