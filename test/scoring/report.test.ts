import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { powerReport } from "../../scoring/report";
import { powerFromWeeks } from "./power-from-weeks";
import * as ref from "./reference";

const scores = (entries: Record<string, number>) => Object.entries(entries).map(([id, score]) => ({ id, score }));

describe("powerReport", () => {
  it("ranks this week's scores above 0 beside last week's", () => {
    const report = powerFromWeeks(scores({ ana: 50, ben: 50, cy: 30, dee: 0, eve: 10 }), scores({ ana: 10, cy: 40, dee: 60, eve: 5 }));
    expect(report).toEqual({
      total: 4,
      entries: [
        { id: "ana", score: 50, rank: 1, previousRank: 3, rankChange: 2, scoreChange: 40 },
        { id: "ben", score: 50, rank: 1, previousRank: null, rankChange: null, scoreChange: 50 },
        { id: "cy", score: 30, rank: 3, previousRank: 2, rankChange: -1, scoreChange: -10 },
        { id: "eve", score: 10, rank: 4, previousRank: 4, rankChange: 0, scoreChange: 5 },
      ],
      movers: ["ana"],
      newEntries: ["ben"],
    });
  });

  it("is empty for a week without points", () => {
    expect(powerFromWeeks(scores({ a: 0 }), scores({ a: 9 }))).toEqual({ total: 0, entries: [], movers: [], newEntries: [] });
  });

  it("keeps entries ranked 100 or better, ties at 100 included, and counts everyone above 0", () => {
    // 99 with 1000 − i points, then three tied at rank 100, then one at 103.
    const top = Array.from({ length: 99 }, (_, i) => ({ id: `p${String(i).padStart(3, "0")}`, score: 1000 - i }));
    const week = [...top, ...scores({ x: 5, y: 5, z: 5, last: 1 })];
    const report = powerFromWeeks(week, []);
    expect(report.total).toBe(103);
    expect(report.entries.map((e) => e.rank).slice(-4)).toEqual([99, 100, 100, 100]);
    expect(report.entries.at(-1)!.id).toBe("z");
    expect(report.newEntries).toHaveLength(102);
  });

  it("counts a previous rank beyond 100 as new, and picks at most 5 movers, ties by rank", () => {
    const before = Array.from({ length: 120 }, (_, i) => ({ id: `q${String(i).padStart(3, "0")}`, score: 1000 - i }));
    const now = [
      { id: "q119", score: 2000 }, // 120 → 1
      { id: "q110", score: 1990 }, // 111 → 2
      { id: "q009", score: 1980 }, // 10 → 3
      { id: "q008", score: 1970 }, // 9 → 4
      { id: "q007", score: 1960 }, // 8 → 5
      { id: "q006", score: 1950 }, // 7 → 6
      { id: "q005", score: 1940 }, // 6 → 7
      { id: "q000", score: 1 }, // 1 → 8
      { id: "q099", score: 1 }, // 100 → 8, not new
      { id: "q100", score: 1 }, // 101 → 8, new
    ];
    const report = powerFromWeeks(now, before);
    // Rank changes: q119 +119, q110 +109, q100 +93, q099 +92, q009 +7, q008 +5, q007 +3, q006 +1.
    expect(report.movers).toEqual(["q119", "q110", "q100", "q099", "q009"]);
    expect(report.newEntries).toEqual(["q119", "q110", "q100"]);
    expect(report.entries.find((e) => e.id === "q000")).toMatchObject({ previousRank: 1, rankChange: -7, scoreChange: -999 });
  });

  it("needs only the top of the week, and last week's places of those in it", () => {
    // Entries past the limit are ignored; previous places come as counts, not whole boards.
    const top = scores({ ana: 50, ben: 40, cy: 40 });
    const report = powerReport(
      top,
      1234,
      new Map([
        ["ben", { score: 70, higher: 150 }],
        ["cy", { score: 40, higher: 2 }],
      ]),
    );
    expect(report).toEqual({
      total: 1234,
      entries: [
        { id: "ana", score: 50, rank: 1, previousRank: null, rankChange: null, scoreChange: 50 },
        { id: "ben", score: 40, rank: 2, previousRank: 151, rankChange: 149, scoreChange: -30 },
        { id: "cy", score: 40, rank: 2, previousRank: 3, rankChange: 1, scoreChange: 0 },
      ],
      movers: ["ben", "cy"],
      newEntries: ["ana", "ben"],
    });
    const past = Array.from({ length: 101 }, (_, i) => ({ id: `x${String(i).padStart(3, "0")}`, score: 500 - i }));
    expect(powerReport([...past, { id: "late", score: 1 }], 102, new Map()).entries.map((e) => e.id)).toEqual(past.slice(0, 100).map((e) => e.id));
  });

  it("agrees with counting, on boards around the 100 mark", () => {
    const id = fc.integer({ min: 0, max: 140 }).map((n) => `p${n}`);
    const score = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 400 }));
    const week = fc.uniqueArray(fc.tuple(id, score), { maxLength: 140, size: "max", selector: ([i]) => i });
    fc.assert(
      fc.property(week, week, (now, before) => {
        const report = powerFromWeeks(
          now.map(([id, score]) => ({ id, score })),
          before.map(([id, score]) => ({ id, score })),
        );
        const expected = ref.powerReport(new Map(now.map(([id, s]) => [id, BigInt(s)])), new Map(before.map(([id, s]) => [id, BigInt(s)])));
        const entries = report.entries.map((e) => ({ ...e, score: BigInt(e.score), scoreChange: BigInt(e.scoreChange) }));
        expect({ ...report, entries }).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
