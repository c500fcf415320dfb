import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RankedBoard, type TieOrder } from "../../scoring/ranked-board";
import { rankedSlice } from "./reference/ranked-board";
import { compareCodePoints } from "../../scoring/ranking";
import { ReferenceBoard } from "./reference-board";

const byKey: TieOrder = (a, b) => a - b;
const boardOf = (entries: [key: number, score: number][], tieOrder = byKey, chunkSize?: number) =>
  RankedBoard.from(
    entries.map(([key, score]) => ({ key, score })),
    tieOrder,
    { chunkSize },
  );
const keysOf = (board: RankedBoard) => [...board.entries()].map((e) => e.key);

describe("RankedBoard", () => {
  it("lists higher scores first and equal scores in the caller's tie order", () => {
    const ids = ["b", "a", "\uff21", "𝒜", "c"]; // code points: a < b < c < U+FF21 < U+1D49C
    const board = new RankedBoard((a, b) => compareCodePoints(ids[a], ids[b]));
    [0, 0, 0, 0, 7].forEach((score, key) => board.set(key, score));
    expect([...board.entries()]).toEqual([
      { key: 4, score: 7 },
      { key: 1, score: 0 },
      { key: 0, score: 0 },
      { key: 2, score: 0 },
      { key: 3, score: 0 },
    ]);
    expect([board.size, board.positionOf(2), board.positionOf(5), board.has(3), board.has(5), board.scoreOf(4)]).toEqual([5, 3, -1, true, false, 7]);
  });

  it("moves a key when its score changes, adds to a score, and deletes", () => {
    const board = boardOf([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    board.set(1, 40);
    expect(keysOf(board)).toEqual([1, 3, 2]);
    board.add(2, 15);
    board.add(9, 35); // absent: inserted at the delta
    expect([...board.entries()].map((e) => [e.key, e.score])).toEqual([
      [1, 40],
      [2, 35],
      [9, 35],
      [3, 30],
    ]);
    expect([board.delete(2), board.delete(2), board.size, board.positionOf(3)]).toEqual([true, false, 3, 2]);
  });

  it("counts scores above and below, for 1224 ranks", () => {
    const board = boardOf([
      [1, 30],
      [2, 20],
      [3, 20],
      [4, 5],
      [5, 5],
      [6, 0],
    ]);
    expect([30, 25, 20, 5, 0, -1].map((s) => board.countAbove(s))).toEqual([0, 1, 1, 3, 5, 6]);
    expect([30, 20, 5, 0, 31].map((s) => board.countBelow(s))).toEqual([5, 3, 1, 0, 6]);
    expect(rankedSlice(board, 2, 3)).toEqual([
      { key: 3, score: 20, rank: 2 },
      { key: 4, score: 5, rank: 4 },
      { key: 5, score: 5, rank: 4 },
    ]);
  });

  it("slices pages, short at the end and empty past it, and refuses negative bounds", () => {
    const board = boardOf([
      [1, 3],
      [2, 2],
      [3, 1],
    ]);
    expect(board.slice(1, 5)).toEqual([
      { key: 2, score: 2 },
      { key: 3, score: 1 },
    ]);
    expect([board.slice(3, 2), board.slice(0, 0), new RankedBoard(byKey).slice(0, 10)]).toEqual([[], [], []]);
    expect(() => board.slice(-1, 2)).toThrow(RangeError);
    expect(() => board.slice(0, 1.5)).toThrow(RangeError);
  });

  it("resumes a keyset cursor after its key, on the board or gone from it", () => {
    const board = boardOf([
      [1, 9],
      [2, 5],
      [4, 5],
      [6, 5],
      [7, 1],
    ]);
    const after = (score: number, key: number) => board.positionAfter(score, (other) => byKey(other, key));
    expect([after(5, 4), after(5, 3), after(5, 9), after(9, 1), after(6, 0), after(0, 0)]).toEqual([3, 2, 4, 1, 1, 5]);
    board.delete(4);
    expect(board.slice(after(5, 4), 2).map((e) => e.key)).toEqual([6, 7]);
  });

  it("keeps -0 as 0 and refuses NaN scores and keys that are not integers from 0 to 2^31 − 1", () => {
    const board = new RankedBoard(byKey);
    board.set(0, -0);
    expect(Object.is(board.scoreOf(0), 0)).toBe(true);
    for (const key of [-1, 0.5, 2 ** 31, NaN]) expect(() => board.set(key, 1)).toThrow(RangeError);
    expect(() => board.set(1, NaN)).toThrow(RangeError);
    expect(() => board.add(0, NaN)).toThrow(RangeError);
    expect(() => board.countAbove(NaN)).toThrow(RangeError);
    expect([board.has(-1), board.has(0.5), board.scoreOf(2 ** 40), board.positionOf(-1)]).toEqual([false, false, undefined, -1]);
  });

  it("holds large keys and scores up to 2^53, and negative ones", () => {
    const board = new RankedBoard(byKey);
    board.set(100_000, 2 ** 53);
    board.set(3, -(2 ** 53));
    board.set(2 ** 20, 0);
    expect([...board.entries()].map((e) => e.key)).toEqual([100_000, 2 ** 20, 3]);
    expect([board.scoreOf(100_000), board.countAbove(2 ** 53 - 1), board.countBelow(-1)]).toEqual([2 ** 53, 1, 1]);
  });

  it("builds with from as repeated set does, a repeated key keeping its last score", () => {
    const entries: [number, number][] = [
      [5, 1],
      [2, 3],
      [5, 4],
      [8, 3],
      [2, 0],
    ];
    const built = new RankedBoard(byKey);
    entries.forEach(([key, score]) => built.set(key, score));
    expect([...boardOf(entries).entries()]).toEqual([...built.entries()]);
    expect(keysOf(boardOf(entries))).toEqual([5, 8, 2]);
  });

  it("reorderTies moves nothing when the order of the keys held, and re-sorts when it did not", () => {
    const rank = [3, 1, 2, 0];
    const board = new RankedBoard((a, b) => rank[a] - rank[b]);
    [0, 1, 2, 3].forEach((key) => board.set(key, 0));
    expect(keysOf(board)).toEqual([3, 1, 2, 0]);
    rank.splice(0, 4, 30, 10, 20, 5); // renumbered, same order
    expect(board.reorderTies()).toBe(false);
    rank.splice(0, 4, 0, 1, 2, 3);
    expect(board.reorderTies()).toBe(true);
    expect(keysOf(board)).toEqual([0, 1, 2, 3]);
    expect(board.reorderTies((a, b) => b - a)).toBe(true);
    expect(keysOf(board)).toEqual([3, 2, 1, 0]);
  });

  it("says so when a tie order changed under it and was not given to reorderTies", () => {
    const rank = [0, 1, 2];
    const board = boardOf(
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
      (a, b) => rank[a] - rank[b],
    );
    rank.reverse();
    expect(() => board.positionOf(0)).toThrow(/reorderTies/);
  });

  it("refuses to go on listing entries once the board has changed", () => {
    const board = boardOf([
      [1, 1],
      [2, 2],
    ]);
    const entries = board.entries();
    entries.next();
    board.set(3, 3);
    expect(() => entries.next()).toThrow(/changed/);
  });

  it("calls the tie order only on equal scores, about log2 n times a move among 10,000 tied keys", () => {
    let calls = 0;
    const counted: TieOrder = (a, b) => (calls++, a - b);
    const distinct = boardOf(
      [...Array(1000).keys()].map((key) => [key, key]),
      counted,
    );
    distinct.set(10, 500.5);
    distinct.delete(20);
    expect([calls, distinct.positionOf(10), distinct.countAbove(500)]).toEqual([0, 499, 500]);

    const n = 10_000;
    const tied = boardOf(
      [...Array(n).keys()].map((key) => [key, key % 2]),
      counted,
    ); // two runs of 5,000
    calls = 0;
    for (let i = 0; i < 1000; i++) {
      const key = (i * 7919) % n;
      tied.set(key, 1 - (key % 2)); // into the other run
      tied.set(key, key % 2); // and back
    }
    // A move finds the key in one run and its new place in the other: log2(5,000) ≈ 12.3 calls each.
    expect(calls / 2000).toBeLessThan(2 * (Math.log2(n / 2) + 2));
  });

  it("splits chunks as it grows and joins them as it shrinks", () => {
    const chunkSize = 8;
    const board = new RankedBoard(byKey, { chunkSize });
    for (let key = 0; key < 400; key++) board.set((key * 37) % 400, key % 3);
    expect(board.chunkCount).toBeGreaterThanOrEqual(400 / chunkSize);
    for (let key = 0; key < 390; key++) board.delete((key * 11) % 400);
    expect(board.size).toBe(10);
    expect(board.chunkCount).toBeLessThanOrEqual(10 / (chunkSize / 4));
    expect([...board.entries()].map((e) => e.score)).toEqual([...board.entries()].map((e) => e.score).sort((a, b) => b - a));
  });
});

describe("RankedBoard against a sorted array", () => {
  const KEYS = 40;
  const key = fc.nat(KEYS - 1);
  /** A tiny range, so that most scores tie, and now and then an extreme one. */
  const score = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, -0, 2 ** 53, -(2 ** 53)) });
  /** A tie order: each key's rank in a shuffle of the keys. */
  const ranks = fc.shuffledSubarray([...Array(KEYS).keys()], { minLength: KEYS, maxLength: KEYS }).map((shuffled) => {
    const rank: number[] = [];
    shuffled.forEach((k, i) => (rank[k] = i));
    return rank;
  });
  const operation = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant("set" as const), key, score }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("add" as const), key, delta: fc.integer({ min: -2, max: 2 }) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("delete" as const), key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("from" as const), entries: fc.array(fc.record({ key, score }), { maxLength: 60, size: "max" }) }) },
    // Renumbering the ranks in place keeps the order; a new shuffle need not.
    { weight: 1, arbitrary: fc.record({ op: fc.constant("reorderTies" as const), renumber: fc.boolean(), rank: ranks }) },
    { weight: 1, arbitrary: fc.constant({ op: "check" as const }) },
  );

  /** Every query against the reference's answer, one expect each kind, so that a failure shows which. */
  function expectSameAnswers(board: RankedBoard, reference: ReferenceBoard) {
    const n = reference.sorted.length;
    const keys = [...Array(KEYS).keys()];
    const answers = (of: RankedBoard | ReferenceBoard) =>
      keys.map((k) => [of.positionOf(k), of instanceof RankedBoard ? of.scoreOf(k) : reference.scores.get(k)]);
    expect(answers(board)).toEqual(answers(reference));
    const scores = [...new Set([-(2 ** 53), -2, -1, 0, 1, 2, 3, 4, 5, 2 ** 53, ...reference.sorted.map((e) => e.score)])];
    const counts = (of: RankedBoard | ReferenceBoard) => scores.map((s) => [of.countAbove(s), of.countBelow(s)]);
    expect(counts(board)).toEqual(counts(reference));
    const pages = (of: RankedBoard | ReferenceBoard) => keys.slice(0, n + 2).flatMap((from) => [0, 1, 2, 5, n].map((count) => of.slice(from, count)));
    expect(pages(board)).toEqual(pages(reference));
    // Probes at every score and key, the key on the board there, elsewhere, or not at all.
    const probes = scores.flatMap((s) =>
      [...keys.map((k) => (other: number) => reference.tieOrder(other, k)), () => 1, () => -1].map((tie) => [s, tie] as const),
    );
    const after = (of: RankedBoard | ReferenceBoard) => probes.map(([s, tie]) => of.positionAfter(s, tie));
    expect(after(board)).toEqual(after(reference));
    const ranked = rankedSlice(board, 0, n).map((e) => e.rank);
    expect(ranked).toEqual(reference.sorted.map((e) => 1 + reference.countAbove(e.score)));
    for (let from = 1; from < n; from++) expect(rankedSlice(board, from, 3).map((e) => e.rank)).toEqual(ranked.slice(from, from + 3));
  }

  it("answers as the reference does after any sequence of changes, in chunks of any size", () => {
    const chunkSizes = fc.constantFrom(4, 5, 8, 1024);
    fc.assert(
      fc.property(chunkSizes, ranks, fc.array(operation, { maxLength: 200, size: "max" }), (chunkSize, firstRank, operations) => {
        const tieBy =
          (rank: number[]): TieOrder =>
          (a, b) =>
            rank[a] - rank[b];
        let rank = [...firstRank];
        let tieOrder = tieBy(rank);
        let board = new RankedBoard(tieOrder, { chunkSize });
        const reference = new ReferenceBoard(tieOrder);
        const minChunk = Math.max(1, chunkSize >> 2);
        for (const o of operations) {
          switch (o.op) {
            case "set":
              board.set(o.key, o.score);
              reference.set(o.key, o.score);
              break;
            case "add":
              board.add(o.key, o.delta);
              reference.add(o.key, o.delta);
              break;
            case "delete":
              expect(board.delete(o.key)).toBe(reference.delete(o.key));
              break;
            case "from":
              board = RankedBoard.from(o.entries, tieOrder, { chunkSize });
              reference.replaceAll(o.entries);
              break;
            case "reorderTies": {
              const before = reference.sorted.map((e) => e.key);
              if (o.renumber) {
                rank.forEach((r, k) => (rank[k] = 3 * r + 7)); // seen by the tie order the board has
              } else {
                rank = [...o.rank];
                tieOrder = reference.tieOrder = tieBy(rank);
              }
              reference.sort();
              const resorted = board.reorderTies(o.renumber ? undefined : tieOrder);
              expect(resorted).toBe(reference.sorted.some((e, i) => e.key !== before[i]));
              break;
            }
            case "check":
              expectSameAnswers(board, reference);
          }
          expect([...board.entries()]).toEqual(reference.sorted);
          expect(board.size).toBe(reference.sorted.length);
          // Chunks are joined as they empty: none but a lone one under a quarter full.
          expect(board.chunkCount).toBeLessThanOrEqual(Math.max(1, Math.floor(board.size / minChunk)));
        }
        expectSameAnswers(board, reference);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it("splits and joins chunks many times over as a board grows and shrinks", () => {
    const keys = fc.uniqueArray(fc.nat(499), { minLength: 100, maxLength: 500, size: "max" });
    fc.assert(
      fc.property(keys, fc.nat(), fc.constantFrom(4, 6, 8, 16), (order, seed, chunkSize) => {
        const board = new RankedBoard(byKey, { chunkSize });
        const scores = new Map<number, number>();
        const reference = new ReferenceBoard(byKey); // sorted at the end of each round, not each change
        const scoreOf = (k: number, round: number) => (k * 31 + seed + round) % 3;
        // Up, down to a few, up again with new scores, down to none.
        for (const [round, changed] of [order, order.slice(5), order, order].entries()) {
          const adding = round % 2 === 0;
          for (const k of changed) {
            if (adding) board.set(k, scoreOf(k, round));
            else board.delete(k);
            if (adding) scores.set(k, scoreOf(k, round));
            else scores.delete(k);
            expect(board.chunkCount).toBeLessThanOrEqual(Math.max(1, Math.floor(board.size / Math.max(1, chunkSize >> 2))));
          }
          reference.replaceAll([...scores].map(([key, score]) => ({ key, score })));
          expect([...board.entries()]).toEqual(reference.sorted);
          expect(order.map((k) => board.positionOf(k))).toEqual(order.map((k) => reference.positionOf(k)));
        }
        expect(board.size).toBe(0);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
