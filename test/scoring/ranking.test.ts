import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareCodePoints, compareEntries, percentile, rankEntries } from "../../scoring/ranking";
import { withPercentiles } from "./reference/ranking";
import { compareUtf8 } from "./reference-calendar";

const sign = (n: number) => Math.sign(n) + 0;

/** Text from ASCII, the BMP below and above the surrogates, and the astral planes alike. */
const unit = fc
  .oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x80, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xffff }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((cp) => String.fromCodePoint(cp));
const text = (minLength: number, maxLength: number) => fc.array(unit, { minLength, maxLength }).map((units) => units.join(""));

describe("compareCodePoints", () => {
  it("orders astral characters after the top of the BMP, unlike JS <", () => {
    const fullwidthA = "\uff21"; // U+FF21
    const script = "𝒜"; // U+1D49C, a surrogate pair in UTF-16
    expect(script < fullwidthA).toBe(true); // UTF-16 code units say so
    expect(compareCodePoints(fullwidthA, script)).toBeLessThan(0);
    expect(compareCodePoints(script, fullwidthA)).toBeGreaterThan(0);
    expect(compareCodePoints("\ue000", "😀")).toBeLessThan(0);
  });

  it("orders prefixes first and equal strings as equal", () => {
    expect(compareCodePoints("p1", "p10")).toBeLessThan(0);
    expect(compareCodePoints("p10", "p2")).toBeLessThan(0);
    expect(compareCodePoints("P", "p")).toBeLessThan(0);
    expect(compareCodePoints("", "a")).toBeLessThan(0);
    expect(compareCodePoints("é", "é")).toBe(0);
    expect(compareCodePoints("e\u0301", "é")).toBeLessThan(0); // no normalisation: U+0065 < U+00E9
  });

  it("agrees with the byte order of UTF-8 (SQLite BINARY) on any text", () => {
    // Shared prefixes make the first difference fall anywhere.
    const pair = fc.tuple(text(0, 3), text(0, 4), text(0, 4)).map(([prefix, a, b]) => [prefix + a, prefix + b]);
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sign(compareCodePoints(a, b))).toBe(sign(compareUtf8(a, b)));
      }),
      { numRuns: 300 },
    );
  });

  it("compares lone surrogates as the U+FFFD that UTF-8 stores for them", () => {
    expect(compareCodePoints("\ud800", "\ufffd")).toBe(0);
    expect(compareCodePoints("\ud800", "\uffff")).toBeLessThan(0);
    const lone = fc.constantFrom("a", "\ud83d", "\ude00", "\ufffd", "\uffff", "\ue000", "😀");
    const withLone = fc.array(lone, { maxLength: 5 }).map((units) => units.join(""));
    fc.assert(
      fc.property(withLone, withLone, (a, b) => {
        expect(sign(compareCodePoints(a, b))).toBe(sign(compareUtf8(a, b)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("rankEntries", () => {
  it("gives 1224 ranks and lists ties by id", () => {
    const ranked = rankEntries([
      { id: "b", score: 20 },
      { id: "d", score: 5 },
      { id: "a", score: 20 },
      { id: "c", score: 30 },
      { id: "e", score: 5 },
    ]);
    expect(ranked).toEqual([
      { id: "c", score: 30, rank: 1 },
      { id: "a", score: 20, rank: 2 },
      { id: "b", score: 20, rank: 2 },
      { id: "d", score: 5, rank: 4 },
      { id: "e", score: 5, rank: 4 },
    ]);
  });

  it("ranks everyone 1 when all score 0, and nobody when there is nobody", () => {
    expect(
      rankEntries([
        { id: "x", score: 0 },
        { id: "w", score: 0 },
      ]).map((e) => [e.id, e.rank]),
    ).toEqual([
      ["w", 1],
      ["x", 1],
    ]);
    expect(rankEntries([])).toEqual([]);
  });

  it("keeps other fields and leaves its input alone", () => {
    const input = [
      { id: "a", score: 1, displayName: "A" },
      { id: "b", score: 2, displayName: "B" },
    ];
    const copy = structuredClone(input);
    expect(rankEntries(input)[0]).toEqual({ id: "b", score: 2, displayName: "B", rank: 1 });
    expect(input).toEqual(copy);
  });

  it("agrees with counting higher scores, in code-point order", () => {
    const ids = fc.uniqueArray(text(1, 3), { maxLength: 30 });
    const board = ids.chain((list) => fc.tuple(...list.map((id) => fc.record({ id: fc.constant(id), score: fc.integer({ min: 0, max: 5 }) }))));
    fc.assert(
      fc.property(board, (entries) => {
        const ranked = rankEntries(entries);
        expect(ranked.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
        for (const e of ranked) expect(e.rank).toBe(1 + entries.filter((o) => o.score > e.score).length);
        ranked.slice(1).forEach((e, i) => {
          const before = ranked[i];
          expect(before.score > e.score || (before.score === e.score && compareUtf8(before.id, e.id) < 0)).toBe(true);
          expect(compareEntries(before, e)).toBeLessThan(0);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("percentile", () => {
  it("is 100 alone, and 0 and 100 for the lowest and highest of several", () => {
    expect(percentile(0, 1)).toBe(100);
    expect(percentile(0, 2)).toBe(0);
    expect(percentile(1, 2)).toBe(100);
    expect(percentile(9, 10)).toBe(100);
  });

  it("rounds half up", () => {
    expect(percentile(1, 9)).toBe(13); // 12.5
    expect(percentile(3, 9)).toBe(38); // 37.5
    expect(percentile(1, 7)).toBe(17); // 16.67
    expect(percentile(5, 7)).toBe(83); // 83.33
    expect(percentile(1, 3)).toBe(50);
    expect(percentile(1, 201)).toBe(1); // 0.5
    expect(percentile(1, 202)).toBe(0); // 0.4975…
  });

  it("refuses counts that cannot be", () => {
    expect(() => percentile(0, 0)).toThrow(RangeError);
    expect(() => percentile(2, 2)).toThrow(RangeError);
    expect(() => percentile(-1, 3)).toThrow(RangeError);
    expect(() => percentile(0.5, 3)).toThrow(RangeError);
  });

  it("gives tied entries one percentile, from the count strictly below them", () => {
    const ranked = rankEntries([
      { id: "a", score: 9 },
      { id: "b", score: 5 },
      { id: "c", score: 5 },
      { id: "d", score: 1 },
      { id: "e", score: 0 },
    ]);
    expect(withPercentiles(ranked).map((e) => [e.id, e.percentile])).toEqual([
      ["a", 100],
      ["b", 50],
      ["c", 50],
      ["d", 25],
      ["e", 0],
    ]);
  });

  it("agrees with counting lower scores and rounding 100 × lower / (N − 1) exactly", () => {
    const scores = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(scores, (list) => {
        const entries = list.map((score, i) => ({ id: `p${i}`, score }));
        const n = list.length;
        for (const e of withPercentiles(rankEntries(entries))) {
          const lower = list.filter((s) => s < e.score).length;
          // Half up, decided on exact integers: 100·lower/(n−1) ≥ k − ½ ⇔ 200·lower ≥ (2k − 1)(n − 1).
          let k = 0;
          while (n > 1 && 200 * lower >= (2 * (k + 1) - 1) * (n - 1)) k++;
          expect(e.percentile).toBe(n === 1 ? 100 : k);
        }
      }),
      { numRuns: 300 },
    );
  });
});
