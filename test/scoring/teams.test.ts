import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Team, ancestry, directTotals, rankTeamTotals, rollUp, rollUpByKey, subtreeOf, teamScore } from "../../scoring/teams";
import { rankTeams } from "./reference/teams";
import { compareUtf8 } from "./reference-calendar";

//        emea            apac
//       /    \             |
//     uk     de          india
//     |
//   london
const TREE: Team[] = [
  { key: "emea", parent: null },
  { key: "uk", parent: "emea" },
  { key: "london", parent: "uk" },
  { key: "de", parent: "emea" },
  { key: "apac", parent: null },
  { key: "india", parent: "apac" },
];

const players = [
  { team: "london", score: 10_000 },
  { team: "uk", score: 30_000 },
  { team: "de", score: 5 },
  { team: null, score: 99_000 },
  { team: "ghost", score: 77_000 },
];

describe("rankTeams", () => {
  it("sums each subtree's members and leaves out teams without members", () => {
    expect(rankTeams(TREE, players, "sum")).toEqual([
      { rank: 1, key: "emea", members: 3, score: 40_005 },
      { rank: 2, key: "uk", members: 2, score: 40_000 },
      { rank: 3, key: "london", members: 1, score: 10_000 },
      { rank: 4, key: "de", members: 1, score: 5 },
    ]);
  });

  it("averages, rounding half away from zero to 4 places", () => {
    expect(rankTeams(TREE, players, "mean")).toEqual([
      { rank: 1, key: "uk", members: 2, score: 20_000 },
      { rank: 2, key: "emea", members: 3, score: 13_335 }, // 40005 / 3 = 13335
      { rank: 3, key: "london", members: 1, score: 10_000 },
      { rank: 4, key: "de", members: 1, score: 5 },
    ]);
    expect(teamScore({ sum: 3, count: 2 }, "mean")).toBe(2); // 1.5 ten-thousandths → 2
    expect(teamScore({ sum: 5, count: 4 }, "mean")).toBe(1); // 1.25 → 1
    expect(teamScore({ sum: 7, count: 4 }, "mean")).toBe(2); // 1.75 → 2
    expect(teamScore({ sum: 0, count: 3 }, "mean")).toBe(0);
  });

  it("ties teams by key in code-point order, with 1224 ranks", () => {
    const teams = [
      { key: "𝒜", parent: null },
      { key: "\uff21", parent: null },
      { key: "b", parent: null },
      { key: "c", parent: null },
    ];
    const members = [
      { team: "𝒜", score: 7 },
      { team: "\uff21", score: 7 },
      { team: "b", score: 9 },
      { team: "c", score: 1 },
    ];
    expect(rankTeams(teams, members, "sum").map((t) => [t.rank, t.key])).toEqual([
      [1, "b"],
      [2, "\uff21"],
      [2, "𝒜"],
      [4, "c"],
    ]);
  });

  it("ranks a team whose members all score 0", () => {
    expect(rankTeams(TREE, [{ team: "india", score: 0 }], "mean")).toEqual([
      { rank: 1, key: "apac", members: 1, score: 0 },
      { rank: 1, key: "india", members: 1, score: 0 },
    ]);
  });

  it("survives a cycle, counting each member once per team", () => {
    const cyclic = [
      { key: "a", parent: "b" },
      { key: "b", parent: "a" },
      { key: "c", parent: "c" },
    ];
    const members = [
      { team: "a", score: 1 },
      { team: "b", score: 2 },
      { team: "c", score: 4 },
    ];
    expect(rankTeams(cyclic, members, "sum")).toEqual([
      { rank: 1, key: "c", members: 1, score: 4 },
      { rank: 2, key: "a", members: 2, score: 3 },
      { rank: 2, key: "b", members: 2, score: 3 },
    ]);
  });
});

describe("the tree", () => {
  it("gives each team its chain of ancestors, and its subtree", () => {
    const chainOf = ancestry(TREE);
    expect(chainOf("london")).toEqual(["london", "uk", "emea"]);
    expect(chainOf("apac")).toEqual(["apac"]);
    expect(chainOf("ghost")).toEqual([]);
    expect(subtreeOf(TREE, "emea").sort()).toEqual(["de", "emea", "london", "uk"]);
    expect(subtreeOf(TREE, "london")).toEqual(["london"]);
    expect(subtreeOf(TREE, "ghost")).toEqual([]);
  });

  it("stops a chain at a parent that is not a team", () => {
    expect(ancestry([{ key: "x", parent: "gone" }])("x")).toEqual(["x"]);
  });

  it("rolls per-team totals (as from a GROUP BY) up to every ancestor", () => {
    const direct = { london: { sum: 10, count: 2 }, de: { sum: 1, count: 1 }, emea: { sum: 100, count: 1 }, ghost: { sum: 5, count: 5 } };
    const totals = rollUp(TREE, direct);
    expect(Object.fromEntries(totals)).toEqual({
      london: { sum: 10, count: 2 },
      uk: { sum: 10, count: 2 },
      de: { sum: 1, count: 1 },
      emea: { sum: 111, count: 4 },
    });
    expect(rollUp(TREE, new Map(Object.entries(direct)))).toEqual(totals);
    expect(rankTeamTotals(totals, "mean").map((t) => [t.key, t.score])).toEqual([
      ["emea", 28],
      ["london", 5],
      ["uk", 5],
      ["de", 1],
    ]);
  });

  it("leaves out teams whose totals count nobody", () => {
    const totals = rollUp(TREE, { uk: { sum: 0, count: 0 }, de: { sum: 0, count: 1 } });
    expect(rankTeamTotals(totals, "mean")).toEqual([
      { rank: 1, key: "de", members: 1, score: 0 },
      { rank: 1, key: "emea", members: 1, score: 0 },
    ]);
  });

  it("refuses the mean of no members", () => {
    expect(() => teamScore({ sum: 0, count: 0 }, "mean")).toThrow(RangeError);
  });
});

describe("team boards, at random", () => {
  const KEYS = ["a", "b", "c", "d", "e", "é", "𝒜", "\uff21"];
  const forest = fc
    .shuffledSubarray(KEYS)
    .chain((keys) => fc.tuple(fc.constant(keys), fc.array(fc.nat(), { minLength: keys.length, maxLength: keys.length })))
    .map(([keys, picks]) => keys.map((key, i) => ({ key, parent: picks[i] % (i + 1) === 0 ? null : keys[(picks[i] % (i + 1)) - 1] })));
  const member = fc.record({ team: fc.option(fc.constantFrom(...KEYS, "ghost"), { nil: null }), score: fc.integer({ min: 0, max: 50 }) });
  const case_ = forest.chain((teams) => fc.tuple(fc.constant(teams), fc.array(member, { maxLength: 25 }), fc.constantFrom("sum" as const, "mean" as const)));

  it("agrees with walking up from every member", () => {
    fc.assert(
      fc.property(case_, ([teams, members, aggregation]) => {
        const isUnder = (own: string | null, key: string): boolean => {
          const team = teams.find((t) => t.key === own);
          return team !== undefined && (team.key === key || isUnder(team.parent, key));
        };
        const expected = teams
          .map((t) => ({ key: t.key, scores: members.filter((m) => isUnder(m.team, t.key)).map((m) => m.score) }))
          .filter((t) => t.scores.length > 0)
          .map((t) => {
            const sum = t.scores.reduce((a, b) => a + b, 0);
            // Half up on non-negative sums: floor(sum / n + 1/2).
            const score = aggregation === "sum" ? sum : Math.floor((2 * sum + t.scores.length) / (2 * t.scores.length));
            return { key: t.key, members: t.scores.length, score };
          });
        const board = rankTeams(teams, members, aggregation);
        expect(board.map(({ key, members, score }) => ({ key, members, score }))).toEqual(
          [...expected].sort((x, y) => y.score - x.score || compareUtf8(x.key, y.key)),
        );
        for (const entry of board) expect(entry.rank).toBe(1 + expected.filter((o) => o.score > entry.score).length);
        expect(rankTeamTotals(rollUp(teams, directTotals(members)), aggregation)).toEqual(board);
      }),
      { numRuns: 300 },
    );
  });

  it("sums each day's figures over every subtree as walking up from every member does", () => {
    const dayFigure = fc.record({
      team: fc.constantFrom(...KEYS, "ghost"),
      day: fc.constantFrom("2026-11-30", "2026-12-01", "2026-12-02"),
      figure: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(forest, fc.array(dayFigure, { maxLength: 30 }), (teams, figures) => {
        const direct = new Map<string, Map<string, number>>();
        for (const { team, day, figure } of figures) {
          const days = direct.get(team) ?? direct.set(team, new Map()).get(team)!;
          days.set(day, (days.get(day) ?? 0) + figure);
        }
        const isUnder = (own: string | null, key: string): boolean => {
          const team = teams.find((t) => t.key === own);
          return team !== undefined && (team.key === key || isUnder(team.parent, key));
        };
        const expected = new Map(
          teams.map((t) => {
            const days = new Map<string, number>();
            for (const f of figures) if (isUnder(f.team, t.key)) days.set(f.day, (days.get(f.day) ?? 0) + f.figure);
            return [t.key, days];
          }),
        );
        expect(rollUpByKey(teams, direct)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("rolls a chain 1,000 teams deep up in one pass", () => {
    const teams = Array.from({ length: 1000 }, (_, i) => ({ key: `t${i}`, parent: i === 0 ? null : `t${i - 1}` }));
    const totals = rollUpByKey(
      teams,
      new Map([
        ["t999", new Map([["2026-12-01", 7]])],
        ["t500", new Map([["2026-12-01", 1]])],
      ]),
    );
    expect(totals.get("t0")).toEqual(new Map([["2026-12-01", 8]]));
    expect(totals.get("t501")).toEqual(new Map([["2026-12-01", 7]]));
  });
});
