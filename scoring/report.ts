/**
 * The weekly Power 100 (SPEC §4, "Weekly Power 100 report"): this week's ranking beside last
 * week's. Scores are exact integers (ten-thousandths); the caller makes JSON numbers of them.
 */
import { type Scored, rankEntries } from "./ranking";

/** Ranks at or above this make the report's entries; below it a previous rank counts as new. */
export const POWER_LIMIT = 100;
export const MOVERS = 5;

export type PowerEntry<T extends Scored> = T & {
  rank: number;
  previousRank: number | null;
  rankChange: number | null;
  scoreChange: number;
};

export interface PowerReport<T extends Scored> {
  total: number;
  entries: PowerEntry<T>[];
  movers: string[];
  newEntries: string[];
}

/**
 * The report from this week's and the previous week's scores of the same participants: those
 * ranked now (SPEC §2.8), scores of 0 included or not. Each week's ranking keeps those with a
 * score > 0; `scoreChange` counts a missing previous score as 0.
 */
export function powerReport<T extends Scored>(thisWeek: readonly T[], previousWeek: readonly Scored[]): PowerReport<T> {
  const ranking = rankEntries(thisWeek.filter((e) => e.score > 0));
  const previous = new Map(rankEntries(previousWeek.filter((e) => e.score > 0)).map((e) => [e.id, e]));
  const entries = ranking
    .filter((e) => e.rank <= POWER_LIMIT)
    .map((e) => {
      const before = previous.get(e.id);
      const previousRank = before ? before.rank : null;
      return {
        ...e,
        previousRank,
        rankChange: previousRank === null ? null : previousRank - e.rank,
        scoreChange: e.score - (before ? before.score : 0),
      };
    });
  // Entries are in board order, so a stable sort by rankChange leaves ties by rank (then id).
  const movers = entries
    .filter((e) => e.rankChange !== null && e.rankChange > 0)
    .sort((a, b) => b.rankChange! - a.rankChange!)
    .slice(0, MOVERS)
    .map((e) => e.id);
  const newEntries = entries.filter((e) => e.previousRank === null || e.previousRank > POWER_LIMIT).map((e) => e.id);
  return { total: ranking.length, entries, movers, newEntries };
}
