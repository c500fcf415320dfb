/**
 * Ranking (SPEC §2.9) and percentiles (SPEC §2.11). Scores are exact integers (ten-thousandths of
 * a point, or any other common scale); ids order by Unicode code point.
 */
import { divRound } from "./decimal";

/** An entry to rank: an id and an exact integer score. */
export interface Scored {
  id: string;
  score: number;
}

export type Ranked<T> = T & { rank: number };

/**
 * Ascending Unicode code-point order, as SQLite's BINARY collation orders UTF-8 text. JS `<`
 * compares UTF-16 code units instead, which puts U+10000 and above before U+E000–U+FFFF. A lone
 * surrogate cannot be encoded in UTF-8 and would be stored as U+FFFD, so it compares as U+FFFD.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) {
      const dx = asStored(x);
      const dy = asStored(y);
      if (dx !== dy) return dx < dy ? -1 : 1;
    }
    // Equal code points (or two lone surrogates, both U+FFFD) span the same code units.
    i += x > 0xffff ? 2 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const asStored = (codePoint: number) => (codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint);

/** Board order: higher score first, then id in ascending code-point order. */
export function compareEntries(a: Scored, b: Scored): number {
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  return compareCodePoints(a.id, b.id);
}

/**
 * The entries in board order, each with its "1224" competition rank: 1 + the number of entries
 * with a strictly higher score.
 */
export function rankEntries<T extends Scored>(entries: readonly T[]): Ranked<T>[] {
  return withRanks([...entries].sort(compareEntries));
}

/** Ranks for entries already sorted by score, highest first: equal scores share a rank. */
export function withRanks<T extends { score: number }>(sorted: readonly T[]): Ranked<T>[] {
  const ranked: Ranked<T>[] = [];
  sorted.forEach((entry, i) => {
    const previous = ranked[i - 1];
    const rank = previous && previous.score === entry.score ? previous.rank : i + 1;
    ranked.push({ ...entry, rank });
  });
  return ranked;
}

/**
 * Percentile of a participant among `n` compared (self included) of whom `lowerCount` have a
 * strictly lower score: 100 × lowerCount / (n − 1) rounded half up, and 100 when n = 1.
 */
export function percentile(lowerCount: number, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError("n must be a positive integer");
  if (!Number.isInteger(lowerCount) || lowerCount < 0 || lowerCount > n - 1) {
    throw new RangeError("lowerCount must be an integer from 0 to n - 1");
  }
  // Both operands are non-negative, so half away from zero is half up.
  return n === 1 ? 100 : divRound(100 * lowerCount, n - 1);
}
