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

/** A participant's place in the previous week's ranking: their score there, and how many scored more. */
export interface PreviousPlace {
  score: number;
  higher: number;
}

/**
 * The report from what the week's board says about its top, without reading the whole board:
 * `top` holds every entry ranked POWER_LIMIT or better this week (ties at the limit included; more
 * is ignored), `total` the week's number of ranked positive scores, and `previous` the previous
 * week's place of each of them that scored there (SPEC §2.8: those ranked now, scores above 0).
 * `scoreChange` counts a missing previous score as 0.
 */
export function powerReport<T extends Scored>(top: readonly T[], total: number, previous: ReadonlyMap<string, PreviousPlace>): PowerReport<T> {
  const entries = rankEntries(top.filter((e) => e.score > 0))
    .filter((e) => e.rank <= POWER_LIMIT)
    .map((e) => {
      const before = previous.get(e.id);
      const previousRank = before ? before.higher + 1 : null;
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
  return { total, entries, movers, newEntries };
}
