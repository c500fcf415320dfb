/**
 * Score buckets (worker/db/score-counts.ts): writes name a score's bucket in SQL, reads in
 * TypeScript, so the two must agree on every score; and a bucket must hold exactly the scores
 * from its floor up to the next bucket's floor, for ranks to add up.
 */
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { bucketOf, bucketSql, nextBucketSql, TOP_BUCKET } from "../../worker/db/score-counts";
import { scoreCounts } from "../../worker/db/boards";
import { addParticipants, api, basicDocument, newProgram } from "./api";
import { programId, scoreWaiting } from "./checks";

/** Positive integer scores (ten-thousandths) below the last bucket, small ones and digit-count edges weighted up. */
const scores = fc.oneof(
  fc.integer({ min: 1, max: 1_000 }),
  fc.integer({ min: 1, max: 14 }).map((digits) => 10 ** digits),
  fc.integer({ min: 1, max: 15 }).map((digits) => 10 ** digits - 1),
  fc.integer({ min: 1, max: TOP_BUCKET - 1 }),
);

/** Scores in the last bucket: past 2^53 JavaScript rounds them, past 2^63 SQLite holds them as floats. */
const hugeScores = [TOP_BUCKET, TOP_BUCKET + 1, 2 ** 53 + 2, 1e19, 1e21, 1e22];

describe("score buckets", () => {
  it("are named by the score cut to its two leading digits", () => {
    expect([7, 42, 199, 273_456, 1_000_000].map((s) => bucketOf(s))).toEqual([
      { floor: 7, next: 8 },
      { floor: 42, next: 43 },
      { floor: 190, next: 200 },
      { floor: 270_000, next: 280_000 },
      { floor: 1_000_000, next: 1_100_000 },
    ]);
  });

  it("hold each score, and end where the next bucket starts", () => {
    fc.assert(
      fc.property(scores, (score) => {
        const { floor, next } = bucketOf(score);
        expect(floor).toBeLessThanOrEqual(score);
        expect(score).toBeLessThan(next);
        expect(bucketOf(floor).floor).toBe(floor);
        expect(bucketOf(next - 1).floor).toBe(floor);
        expect(bucketOf(next).floor).toBe(next);
      }),
      { numRuns: 2_000 },
    );
  });

  it("end with one bucket for every score from 10^11 points up, which nothing is above", () => {
    for (const score of hugeScores) expect(bucketOf(score)).toEqual({ floor: TOP_BUCKET, next: Number.MAX_VALUE });
    expect(bucketOf(TOP_BUCKET - 1).next).toBe(TOP_BUCKET);
  });

  it("are named the same in SQL as in TypeScript", async () => {
    const sample = [...fc.sample(scores, { numRuns: 500, seed: 11 }), ...hugeScores];
    const rows = await database(env.DB).all<{ score: number; bucket: number }>(sql`
      SELECT value AS score, ${bucketSql(sql`value`)} AS bucket FROM json_each(${JSON.stringify(sample)})`);
    expect(rows.map((r) => r.bucket)).toEqual(sample.map((s) => bucketOf(s).floor));
  });

  it("end in SQL where they end in TypeScript, and 0 is below the first", async () => {
    const sample = [0, ...fc.sample(scores, { numRuns: 500, seed: 12 }), ...hugeScores];
    const rows = await database(env.DB).all<{ next: number }>(sql`
      SELECT ${nextBucketSql(sql`value`)} AS next FROM json_each(${JSON.stringify(sample)})`);
    expect(rows.map((r) => r.next)).toEqual(sample.map((s) => (s === 0 ? 1 : bucketOf(s).next)));
  });
});

/** A program with one metric worth 10^9 points a unit, and one event of it on 2026-11-24 for each participant with a value. */
async function revenueProgram(values: Record<string, number | null>) {
  const doc = basicDocument({
    metrics: [{ key: "revenue", name: "Revenue", indicator: "lead", aggregation: "sum", points: 1_000_000_000, dailyCap: null }],
    targets: [],
  });
  const p = await newProgram(doc);
  await addParticipants(p, Object.keys(values).map((id) => ({ id })));
  const events = Object.entries(values).flatMap(([participant, value]) =>
    value === null ? [] : [{ id: `${participant}-1`, participant, metric: "revenue", value, occurredAt: "2026-11-24T10:00:00Z" }],
  );
  expect((await api("POST", `${p.base}/events`, { key: p.adminKey, body: { events } })).body.accepted).toBe(events.length);
  return p;
}

describe("rank counts of a score given as a number", () => {
  it("match the stored scores, though D1 binds a number as a float", async () => {
    // 1.23 and 1.31 units at 10^9 points: 14-digit scores in two buckets; 200 units: the last bucket.
    const p = await revenueProgram({ low: 1.23, mid: 1.31, top: 200 });
    await scoreWaiting();
    const scope = { programId: await programId(p.program), period: "2026-W48", cohort: null };
    const db = database(env.DB);
    expect(await scoreCounts(db, scope, 12_300_000_000_000)).toEqual({ higher: 2, atLeast: 3 });
    expect(await scoreCounts(db, scope, 13_100_000_000_000)).toEqual({ higher: 1, atLeast: 2 });
    expect(await scoreCounts(db, scope, 2_000_000_000_000_000)).toEqual({ higher: 0, atLeast: 1 });
  });
});

describe("ranks beside a score too large to hold exactly", () => {
  it("still count it above every smaller score", async () => {
    // 10^9 units of a metric worth 10^9 points: 10^18 points, which SQLite holds as a float.
    const p = await revenueProgram({ whale: 1_000_000_000, minnow: 0.01, shrimp: null });
    const card = async (id: string) =>
      (await api("GET", `${p.base}/participants/${id}/score?period=week&at=2026-W48`, { key: p.adminKey })).body;
    expect(await card("whale")).toMatchObject({ rank: 1, of: 3, percentile: 100 });
    expect(await card("minnow")).toMatchObject({ rank: 2, of: 3, percentile: 50 });
    expect(await card("shrimp")).toMatchObject({ rank: 3, of: 3, percentile: 0 });
    const board = await api("GET", `${p.base}/leaderboard?period=week&at=2026-W48&around=minnow`, { key: p.adminKey });
    expect(board.body.entries.map((e: { id: string; rank: number }) => [e.id, e.rank])).toEqual([["whale", 1], ["minnow", 2], ["shrimp", 3]]);
  });
});
