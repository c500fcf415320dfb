/**
 * Three tables are kept beside the scores for fast boards: team_scores, the sum of each team's
 * ranked members' period scores; score_counts, how many ranked positive scores fall in each score
 * bucket; ranked_counts, how many participants are ranked per cohort and team. Every write that
 * changes scores, teams, cohorts or who is ranked must keep them so: after each step of a
 * program's life, each table equals what is recomputed from period_scores and participants.
 */
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { bucketSql } from "../../worker/db/score-counts";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import recountScript from "../../scripts/recount-boards.sql?raw";
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

/** The score_counts of the program's boards, stored and recounted, as `period board bucket n` lines. */
async function bucketCounts(programSlug: string) {
  const program = `(SELECT id FROM programs WHERE slug = '${programSlug}')`;
  const bucket = bucketSql(sql.raw("score"));
  const stored = await env.DB.prepare(
    `SELECT period, board, bucket, n FROM score_counts WHERE program_id = ${program} AND n <> 0 ORDER BY 1, 2, 3`,
  ).all();
  const recounted = await database(env.DB).all(sql`
    SELECT period, board, bucket, COUNT(*) AS n FROM (
      SELECT period, '' AS board, ${bucket} AS bucket FROM period_scores WHERE program_id = ${sql.raw(program)} AND ranked = 1 AND score > 0
      UNION ALL
      SELECT period, cohort, ${bucket} FROM period_scores WHERE program_id = ${sql.raw(program)} AND ranked = 1 AND score > 0 AND cohort IS NOT NULL)
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  return { stored: stored.results, recounted };
}

/** The ranked_counts of the program, stored and recounted from participants. */
async function rankedCounts(programSlug: string) {
  const program = `(SELECT id FROM programs WHERE slug = '${programSlug}')`;
  const stored = await env.DB.prepare(
    `SELECT cohort, team_key AS team, n FROM ranked_counts WHERE program_id = ${program} AND n <> 0 ORDER BY 1, 2`,
  ).all();
  const recounted = await env.DB.prepare(
    `SELECT COALESCE(cohort, '') AS cohort, COALESCE(team_key, '') AS team, COUNT(*) AS n FROM participants
     WHERE program_id = ${program} AND ranked = 1 GROUP BY 1, 2 ORDER BY 1, 2`,
  ).all();
  return { stored: stored.results, recounted: recounted.results };
}

/** The statements of a SQL file: its comment lines dropped, split at semicolons (it has no strings holding one). */
const statementsOf = (file: string) =>
  file
    .replace(/^--.*$/gm, "")
    .split(";")
    .map((q) => q.trim())
    .filter((q) => q.length > 0);

async function expectAggregatesKept(programSlug: string) {
  const { stored, recomputed } = await sums(programSlug);
  expect(recomputed.length).toBeGreaterThan(0);
  expect(stored).toEqual(recomputed);
  const buckets = await bucketCounts(programSlug);
  expect(buckets.recounted.length).toBeGreaterThan(0);
  expect(buckets.stored).toEqual(buckets.recounted);
  const ranked = await rankedCounts(programSlug);
  expect(ranked.stored).toEqual(ranked.recounted);
}

describe("team sums, score buckets and ranked counts", () => {
  it("equal what the scores and participants say after events, moves, opt-in changes, weight changes, a new opt-in rule and an erasure", async () => {
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
    await expectAggregatesKept(p.program);

    // Ben moves to France and into a cohort; Ana leaves her cohort.
    const moved = await api("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [{ id: "ben", displayName: "Ben", team: "fr", cohort: "Paris" }, { id: "ana", displayName: "Ana", team: "uk", cohort: null }] },
    });
    expect(moved.status).toBe(200);
    await expectAggregatesKept(p.program);

    // Ana opts out (her scores stop counting), then in again.
    expect((await api("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T10:00:00Z" } })).status).toBe(200);
    await expectAggregatesKept(p.program);
    const optedOut = await api("GET", `${p.base}/leaderboard?scope=team&period=all`, { key: p.adminKey });
    // Ben has moved to France, so the UK has no ranked member left: a team without members is not ranked.
    expect(optedOut.body.entries.map((e: { id: string }) => e.id)).not.toContain("uk");
    expect((await api("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-25T11:00:00Z" } })).status).toBe(200);
    await expectAggregatesKept(p.program);

    // Tweets are worth 3 points from 2026-11-18 on: the scores of those days are rebuilt.
    const reweighted = { ...doc, metrics: doc.metrics.map((m: { key: string }) => (m.key === "tweet" ? { ...m, points: 3, effectiveFrom: "2026-11-18" } : m)) };
    expect((await api("PUT", p.base, { key: p.adminKey, body: reweighted })).status).toBe(200);
    await expectAggregatesKept(p.program);

    // Opt-in is no longer required: Cy and everyone else are ranked whatever their toggles say.
    expect((await api("POST", `${p.base}/participants/dee/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T11:30:00Z" } })).status).toBe(200);
    await expectAggregatesKept(p.program);
    expect((await api("PUT", p.base, { key: p.adminKey, body: { ...reweighted, requireOptIn: false } })).status).toBe(200);
    await expectAggregatesKept(p.program);

    expect((await api("DELETE", `${p.base}/participants/dee`, { key: p.adminKey })).status).toBe(204);
    await expectAggregatesKept(p.program);
    await post([{ id: "b2", participant: "ben", metric: "tweet", occurredAt: "2026-11-25T09:00:00Z" }]);
    await expectAggregatesKept(p.program);

    // The team board reads the kept sums: France is Ben's 3 + 3 points this week (Dee erased).
    const board = await api("GET", `${p.base}/leaderboard?scope=team&period=week`, { key: p.adminKey });
    const fr = board.body.entries.find((e: { id: string }) => e.id === "fr");
    expect(fr).toMatchObject({ members: 1, score: 3 });

    // Migration 0006 counts what was stored before it, and scripts/recount-boards.sql counts it
    // again after an upgrade: emptied and refilled by either, the counts come back as the writes
    // kept them.
    const kept = { buckets: await bucketCounts(p.program), ranked: await rankedCounts(p.program) };
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0006_"))!;
    const backfill = migration.queries.filter((q) => /^\s*(--[^\n]*\n\s*)*INSERT/.test(q));
    expect(backfill).toHaveLength(2);
    const empty = ["DELETE FROM score_counts", "DELETE FROM ranked_counts"];
    const recount = statementsOf(recountScript);
    expect(recount).toHaveLength(4);
    for (const statements of [[...empty, ...backfill], recount]) {
      await env.DB.batch(statements.map((q) => env.DB.prepare(q)));
      expect({ buckets: await bucketCounts(p.program), ranked: await rankedCounts(p.program) }).toEqual(kept);
    }
  });
});
