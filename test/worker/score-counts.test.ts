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
import { bucketOf, bucketSql } from "../../worker/db/score-counts";

/** Positive integer scores (ten-thousandths) up to 10^11 points, small ones and digit-count edges weighted up. */
const scores = fc.oneof(
  fc.integer({ min: 1, max: 1_000 }),
  fc.integer({ min: 1, max: 15 }).map((digits) => 10 ** digits),
  fc.integer({ min: 1, max: 15 }).map((digits) => 10 ** digits - 1),
  fc.integer({ min: 1, max: 10 ** 15 }),
);

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

  it("are named the same in SQL as in TypeScript", async () => {
    const sample = fc.sample(scores, { numRuns: 500, seed: 11 });
    const rows = await database(env.DB).all<{ score: number; bucket: number }>(sql`
      SELECT value AS score, ${bucketSql(sql`value`)} AS bucket FROM json_each(${JSON.stringify(sample)})`);
    expect(rows.map((r) => r.bucket)).toEqual(sample.map((s) => bucketOf(s).floor));
  });
});
