/**
 * The naive board RankedBoard is checked against: a map of scores and an array of its entries,
 * sorted again with a comparator after every change, and every query a scan of that array.
 */
import type { BoardEntry, TieOrder } from "../../scoring/ranked-board";

export class ReferenceBoard {
  readonly scores = new Map<number, number>();
  /** The entries in board order. */
  sorted: BoardEntry[] = [];

  constructor(public tieOrder: TieOrder) {}

  set(key: number, score: number): void {
    this.scores.set(key, score + 0);
    this.sort();
  }

  add(key: number, delta: number): void {
    this.set(key, (this.scores.get(key) ?? 0) + delta);
  }

  delete(key: number): boolean {
    const had = this.scores.delete(key);
    this.sort();
    return had;
  }

  /** Every entry replaced by these, a repeated key keeping its last score. */
  replaceAll(entries: readonly BoardEntry[]): void {
    this.scores.clear();
    for (const { key, score } of entries) this.scores.set(key, score + 0);
    this.sort();
  }

  sort(): void {
    const byBoardOrder = (a: BoardEntry, b: BoardEntry) => (a.score !== b.score ? (a.score > b.score ? -1 : 1) : this.tieOrder(a.key, b.key));
    this.sorted = [...this.scores].map(([key, score]) => ({ key, score })).sort(byBoardOrder);
  }

  positionOf(key: number): number {
    return this.sorted.findIndex((e) => e.key === key);
  }

  countAbove(score: number): number {
    return this.sorted.filter((e) => e.score > score).length;
  }

  countBelow(score: number): number {
    return this.sorted.filter((e) => e.score < score).length;
  }

  positionAfter(score: number, tie: (key: number) => number): number {
    const after = this.sorted.findIndex((e) => e.score < score || (e.score === score && tie(e.key) > 0));
    return after < 0 ? this.sorted.length : after;
  }

  slice(from: number, count: number): BoardEntry[] {
    return this.sorted.slice(from, from + count);
  }
}
