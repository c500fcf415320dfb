import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdRanks } from "../../scoring/id-ranks";
import { RankedBoard } from "../../scoring/ranked-board";
import { compareCodePoints } from "../../scoring/ranking";

const sign = (n: number) => Math.sign(n) + 0;

describe("IdRanks", () => {
  it("orders keys as compareCodePoints orders their ids", () => {
    // ASCII, the BMP above the surrogates and the astral planes, which JS < puts in another order.
    const codePoint = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xe000, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff }));
    const id = fc.array(codePoint, { maxLength: 4 }).map((units) => String.fromCodePoint(...units));
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 2, maxLength: 30 }), (ids) => {
        const { tieOrder } = new IdRanks(ids);
        const pairs = ids.flatMap((_, a) => ids.map((_, b) => [a, b]));
        expect(pairs.map(([a, b]) => sign(tieOrder(a, b)))).toEqual(pairs.map(([a, b]) => sign(compareCodePoints(ids[a], ids[b]))));
      }),
      { numRuns: 100 },
    );
  });

  it("puts keys without an id after every id, by key", () => {
    const { tieOrder } = new IdRanks(["b", undefined, "a"]);
    expect([5, 1, 0, 2, 3].sort(tieOrder)).toEqual([2, 0, 1, 3, 5]);
  });

  it("ranks again around new ids without putting a board out of order", () => {
    const ids = ["m", "c", "x"];
    const ranks = new IdRanks(ids);
    const board = new RankedBoard(ranks.tieOrder);
    ids.forEach((_, key) => board.set(key, 0));
    ids.push("a", "n");
    ranks.rerank(ids);
    board.set(3, 0);
    board.set(4, 0);
    expect(board.reorderTies()).toBe(false);
    expect([...board.entries()].map((e) => ids[e.key])).toEqual(["a", "c", "m", "n", "x"]);
  });
});
