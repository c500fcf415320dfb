/**
 * team_scores holds, for every team, period and board, the sum of its ranked members' period
 * scores. Every write that changes scores, teams, cohorts or who is ranked must keep it so: after
 * each step of a program's life, the table equals the sums recomputed from period_scores.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { scoreWaiting } from "./checks";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const api = apiAt(() => NOW);

const teams = [
  { key: "emea", name: "EMEA", parent: null },
  { key: "uk", name: "UK", parent: "emea" },
  { key: "fr", name: "France", parent: "emea" },
];

async function sums(programSlug: string) {
  await scoreWaiting();
  const stored = await env.DB.prepare(
    `SELECT period, board, team_key AS team, score FROM team_scores
     WHERE program_id = (SELECT id FROM programs WHERE slug = ?) AND score <> 0 ORDER BY 1, 2, 3`,
  ).bind(programSlug).all();
  const recomputed = await env.DB.prepare(
    `SELECT period, board, team, SUM(score) AS score FROM (
       SELECT period, '' AS board, team_key AS team, score FROM period_scores
       WHERE program_id = (SELECT id FROM programs WHERE slug = ?1) AND ranked = 1 AND team_key IS NOT NULL
       UNION ALL
       SELECT period, cohort, team_key, score FROM period_scores
       WHERE program_id = (SELECT id FROM programs WHERE slug = ?1) AND ranked = 1 AND team_key IS NOT NULL AND cohort IS NOT NULL)
     GROUP BY 1, 2, 3 HAVING SUM(score) <> 0 ORDER BY 1, 2, 3`,
  ).bind(programSlug).all();
  return { stored: stored.results, recomputed: recomputed.results };
}

async function expectTeamSumsKept(programSlug: string) {
  const { stored, recomputed } = await sums(programSlug);
  expect(recomputed.length).toBeGreaterThan(0);
  expect(stored).toEqual(recomputed);
}

describe("team sums (team_scores)", () => {
  it("equal the members' scores after events, moves, opt-in changes, weight changes, a new opt-in rule and an erasure", async () => {
    const doc = basicDocument({ teams, targets: [] });
    const p = await newProgram(doc, api);
    await addParticipants(
      p,
      [
        { id: "ana", team: "uk", cohort: "London" },
        { id: "ben", team: "uk" },
        { id: "cy" },
        { id: "dee", team: "fr", cohort: "Paris" },
      ],
      "2026-01-01T00:00:00Z",
      api,
    );
    const post = async (events: object[]) =>
      expect((await api("POST", `${p.base}/events`, { key: p.adminKey, body: { events } })).body.accepted).toBe(events.length);
    await post([
      { id: "a1", participant: "ana", metric: "tweet", occurredAt: "2026-11-17T10:00:00Z" },
      { id: "a2", participant: "ana", metric: "call-prep", value: 3, occurredAt: "2026-11-24T10:00:00Z" },
      { id: "b1", participant: "ben", metric: "tweet", occurredAt: "2026-11-18T10:00:00Z" },
      { id: "c1", participant: "cy", metric: "tweet", occurredAt: "2026-11-18T11:00:00Z" },
      { id: "d1", participant: "dee", metric: "tweet", occurredAt: "2026-11-10T10:00:00Z" },
      { id: "d2", participant: "dee", metric: "call-prep", value: 2.5, occurredAt: "2026-11-24T09:00:00Z" },
    ]);
    await expectTeamSumsKept(p.program);

    // Ben moves to France and into a cohort; Ana leaves her cohort.
    const moved = await api("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [{ id: "ben", displayName: "Ben", team: "fr", cohort: "Paris" }, { id: "ana", displayName: "Ana", team: "uk", cohort: null }] },
    });
    expect(moved.status).toBe(200);
    await expectTeamSumsKept(p.program);

    // Ana opts out (her scores stop counting), then in again.
    expect((await api("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T10:00:00Z" } })).status).toBe(200);
    await expectTeamSumsKept(p.program);
    const optedOut = await api("GET", `${p.base}/leaderboard?scope=team&period=all`, { key: p.adminKey });
    // Ben has moved to France, so the UK has no ranked member left: a team without members is not ranked.
    expect(optedOut.body.entries.map((e: { id: string }) => e.id)).not.toContain("uk");
    expect((await api("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-25T11:00:00Z" } })).status).toBe(200);
    await expectTeamSumsKept(p.program);

    // Tweets are worth 3 points from 2026-11-18 on: the scores of those days are rebuilt.
    const reweighted = { ...doc, metrics: doc.metrics.map((m: { key: string }) => (m.key === "tweet" ? { ...m, points: 3, effectiveFrom: "2026-11-18" } : m)) };
    expect((await api("PUT", p.base, { key: p.adminKey, body: reweighted })).status).toBe(200);
    await expectTeamSumsKept(p.program);

    // Opt-in is no longer required: Cy and everyone else are ranked whatever their toggles say.
    expect((await api("POST", `${p.base}/participants/dee/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T11:30:00Z" } })).status).toBe(200);
    await expectTeamSumsKept(p.program);
    expect((await api("PUT", p.base, { key: p.adminKey, body: { ...reweighted, requireOptIn: false } })).status).toBe(200);
    await expectTeamSumsKept(p.program);

    expect((await api("DELETE", `${p.base}/participants/dee`, { key: p.adminKey })).status).toBe(204);
    await expectTeamSumsKept(p.program);
    await post([{ id: "b2", participant: "ben", metric: "tweet", occurredAt: "2026-11-25T09:00:00Z" }]);
    await expectTeamSumsKept(p.program);

    // The team board reads the kept sums: France is Ben's 3 + 3 points this week (Dee erased).
    const board = await api("GET", `${p.base}/leaderboard?scope=team&period=week`, { key: p.adminKey });
    const fr = board.body.entries.find((e: { id: string }) => e.id === "fr");
    expect(fr).toMatchObject({ members: 1, score: 3 });
  });
});
