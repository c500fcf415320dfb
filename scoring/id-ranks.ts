/**
 * Participant ids ranked once in code-point order, so that a RankedBoard's tie order is one
 * subtraction rather than a string comparison: ties are most of a day board, and every search
 * among them compares about log2 n keys.
 */
import type { TieOrder } from "./ranked-board";
import { compareCodePoints } from "./ranking";

const NO_ID = 0x7fffffff;

export class IdRanks {
  private ranks = new Int32Array(0);

  /** Ids by key; keys without one (a hole, undefined, or past the end) come after every id, by key. */
  constructor(ids: readonly (string | undefined)[]) {
    this.rerank(ids);
  }

  /** Keys in code-point order of their ids: the order of the boards' ties. */
  readonly tieOrder: TieOrder = (a, b) => this.rankOf(a) - this.rankOf(b) || a - b;

  private rankOf(key: number): number {
    return this.ranks[key] ?? NO_ID;
  }

  /**
   * Ranks again, as after participants joined. Adding ids keeps the relative order of the others,
   * so the boards using tieOrder stay in order (their reorderTies() only checks that they are).
   */
  rerank(ids: readonly (string | undefined)[]): void {
    const keys = [...ids.keys()].filter((key) => ids[key] !== undefined);
    keys.sort((a, b) => compareCodePoints(ids[a]!, ids[b]!));
    const ranks = new Int32Array(ids.length).fill(NO_ID);
    keys.forEach((key, rank) => (ranks[key] = rank));
    this.ranks = ranks;
  }
}
