/** The tests' reference models beside scoring/ranked-board.ts: production never calls them. */
import type { BoardEntry, RankedBoard } from "../../../scoring/ranked-board";
import type { Ranked } from "../../../scoring/ranking";

/**
 * Up to `count` entries from position `from`, each with its "1224" competition rank: the first by
 * one countAbove, the rest by position when they score less than the entry before them (everyone
 * before scores more) and by that entry's rank when they tie with it.
 */
export function rankedSlice(board: RankedBoard, from: number, count: number): Ranked<BoardEntry>[] {
  const page = board.slice(from, count);
  let rank = 0;
  return page.map((entry, i) => {
    rank = i === 0 ? board.countAbove(entry.score) + 1 : entry.score === page[i - 1].score ? rank : from + i + 1;
    return { ...entry, rank };
  });
}
