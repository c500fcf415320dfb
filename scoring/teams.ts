/**
 * Team scores (SPEC §2.10). Teams form a forest through `parent`; a team's members are the ranked
 * participants of the team and of every team below it. The program writer refuses cycles, but the
 * walks here stop at a team already seen, so a cycle can never hang a read.
 */
import { divRound } from "./decimal";
import { compareCodePoints, withRanks } from "./ranking";

export interface Team {
  key: string;
  parent: string | null;
}

export type TeamAggregation = "sum" | "mean";

/** Scores summed over a number of participants; scores are exact integers (ten-thousandths). */
export interface Totals {
  sum: number;
  count: number;
}

export interface TeamEntry {
  rank: number;
  key: string;
  members: number;
  score: number;
}

/** A ranked participant as team boards see it: its own team (or none) and its score. */
export interface TeamMember {
  id?: string;
  team: string | null;
  score: number;
}

const parents = (teams: readonly Team[]) => new Map(teams.map((t) => [t.key, t.parent]));

/**
 * A function giving the team key and the keys of every team above it, nearest first. A parent
 * that is not a known team ends the chain; an unknown key has no chain at all.
 */
export function ancestry(teams: readonly Team[]): (key: string) => string[] {
  const parentOf = parents(teams);
  const cache = new Map<string, string[]>();
  return (key) => {
    let chain = cache.get(key);
    if (chain) return chain;
    chain = [];
    const seen = new Set<string>();
    for (let k: string | null | undefined = key; k != null && parentOf.has(k) && !seen.has(k); k = parentOf.get(k)) {
      seen.add(k);
      chain.push(k);
    }
    cache.set(key, chain);
    return chain;
  };
}

/** The key and the keys of every team below it: the teams whose participants are its members. */
export function subtreeOf(teams: readonly Team[], key: string): string[] {
  const chainOf = ancestry(teams);
  return teams.filter((t) => chainOf(t.key).includes(key)).map((t) => t.key);
}

/**
 * Totals per team over its whole subtree, from totals per team over its own participants only
 * (such as a GROUP BY team of the ranked participants). Keys that are not teams are ignored.
 */
export function rollUp(teams: readonly Team[], direct: ReadonlyMap<string, Totals> | Readonly<Record<string, Totals>>): Map<string, Totals> {
  const chainOf = ancestry(teams);
  const totals = new Map<string, Totals>();
  const entries = direct instanceof Map ? [...direct.entries()] : Object.entries(direct);
  for (const [key, own] of entries) {
    for (const k of chainOf(key)) {
      const t = totals.get(k) ?? { sum: 0, count: 0 };
      totals.set(k, { sum: t.sum + own.sum, count: t.count + own.count });
    }
  }
  return totals;
}

/**
 * Figures per key (such as a day) of each team's whole subtree, from those of its own participants
 * only. Each team's figures are added to its parent's once, deepest teams first, so a deep tree
 * costs one pass, not one per ancestor. Keys that are not teams are ignored.
 */
export function rollUpByKey(teams: readonly Team[], direct: ReadonlyMap<string, ReadonlyMap<string, number>>): Map<string, Map<string, number>> {
  const chainOf = ancestry(teams);
  const known = teams.filter((t) => chainOf(t.key).length > 0);
  const totals = new Map(known.map((t) => [t.key, new Map(direct.get(t.key) ?? [])]));
  for (const team of [...known].sort((a, b) => chainOf(b.key).length - chainOf(a.key).length)) {
    const parent = chainOf(team.key)[1];
    // In a tree a parent's chain is one shorter; in a cycle it is not, and the cycle is summed once.
    if (parent === undefined || chainOf(parent).length !== chainOf(team.key).length - 1) continue;
    const into = totals.get(parent)!;
    for (const [key, figure] of totals.get(team.key)!) into.set(key, (into.get(key) ?? 0) + figure);
  }
  return totals;
}

/** A team's score from its members' totals: the sum, or the mean rounded half away from zero. */
export function teamScore(totals: Totals, aggregation: TeamAggregation): number {
  if (aggregation === "sum") return totals.sum;
  if (totals.count === 0) throw new RangeError("a team without members has no mean");
  return divRound(totals.sum, totals.count);
}

/** Ranked team entries from subtree totals: teams without members are left out. */
export function rankTeamTotals(totals: ReadonlyMap<string, Totals>, aggregation: TeamAggregation): TeamEntry[] {
  const entries = [...totals]
    .filter(([, t]) => t.count > 0)
    .map(([key, t]) => ({ key, members: t.count, score: teamScore(t, aggregation) }))
    .sort((a, b) => (a.score !== b.score ? (a.score > b.score ? -1 : 1) : compareCodePoints(a.key, b.key)));
  return withRanks(entries).map(({ rank, key, members, score }) => ({ rank, key, members, score }));
}

/** Per-team totals of the participants whose own team is that team; no team, no totals. */
export function directTotals(members: Iterable<TeamMember>): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const m of members) {
    if (m.team === null) continue;
    const t = totals.get(m.team) ?? { sum: 0, count: 0 };
    totals.set(m.team, { sum: t.sum + m.score, count: t.count + 1 });
  }
  return totals;
}
