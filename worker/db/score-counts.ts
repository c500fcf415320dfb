/**
 * Keeping `score_counts` equal to the number of ranked participants with a positive score in each
 * bucket, per period label and board. Each function answers statements for the caller's batch,
 * placed where it says, so the counts change in the same atomic batch as the scores. A ranked
 * participant counts on the program's board ("") and on their cohort's.
 *
 * A bucket is named by its lowest score: the score (integer ten-thousandths) cut to its two
 * leading digits, so 273,456 is in bucket 270,000, which ends before 280,000. Buckets are narrow
 * where scores are close together, so the few board entries in a score's own bucket are all a
 * rank ever counts one by one. Scores from TOP_BUCKET up share one last bucket: past 2^53
 * ten-thousandths JavaScript cannot hold them exactly, and past 2^63 SQLite keeps them as floats,
 * whose text has no digits to cut.
 */
import { type SQL, sql } from "drizzle-orm";

/** The lowest score of the last bucket (10^11 points). */
export const TOP_BUCKET = 1_000_000_000_000_000;

/** The bucket of a positive score: its lowest score, and the lowest score of the next (none above the last). */
export function bucketOf(score: number): { floor: number; next: number } {
  if (score >= TOP_BUCKET) return { floor: TOP_BUCKET, next: Number.MAX_VALUE };
  // Digits, not division: exact for every integer, and the same steps as bucketSql.
  const digits = String(score);
  const lead = Number(digits.slice(0, 2));
  const zeros = "0".repeat(Math.max(0, digits.length - 2));
  return { floor: Number(`${lead}${zeros}`), next: Number(`${lead + 1}${zeros}`) };
}

/** `bucketOf(score).floor` in SQL, for a positive score. */
export const bucketSql = (score: SQL): SQL =>
  sql`IIF(${score} >= ${sql.raw(String(TOP_BUCKET))}, ${sql.raw(String(TOP_BUCKET))},
    CAST(substr(${score}, 1, 2) || substr('000000000000000000', 1, length(${score}) - 2) AS INTEGER))`;

/** `bucketOf(score).next` in SQL, for a score of 0 or more (1 for 0, so every positive bucket is above it). */
export const nextBucketSql = (score: SQL): SQL =>
  sql`IIF(${score} >= ${sql.raw(String(TOP_BUCKET))}, ${sql.raw(String(Number.MAX_VALUE))},
    ${bucketSql(score)} + CAST('1' || substr('000000000000000000', 1, length(${score}) - 2) AS INTEGER))`;

/**
 * Adds to the counts. `rows` selects `program_id, period, cohort, score, change` for ranked
 * participants' positive scores (change is +1 or −1). Rows of one cohort's bucket are added up
 * before they are copied to the program's board, which halves what a fold sorts.
 */
function addToScoreCounts(rows: SQL): SQL {
  return sql`
    WITH c AS (
      SELECT program_id, period, cohort, bucket, SUM(change) AS change
      FROM (SELECT program_id, period, cohort, ${bucketSql(sql`score`)} AS bucket, change FROM (${rows}))
      GROUP BY program_id, period, cohort, bucket)
    INSERT INTO score_counts (program_id, period, board, bucket, n)
    SELECT program_id, period, board, bucket, SUM(change) FROM (
      SELECT program_id, period, '' AS board, bucket, change FROM c
      UNION ALL SELECT program_id, period, cohort, bucket, change FROM c WHERE cohort IS NOT NULL)
    WHERE true
    GROUP BY program_id, period, board, bucket
    ON CONFLICT (program_id, period, board, bucket) DO UPDATE SET n = n + excluded.n`;
}

/**
 * Scoring: moves each changed score (`score_deltas`) from its old bucket (score − delta) to its
 * new one. After the scores' upsert. One pass over the changes, each read twice through a
 * two-row table of signs; CROSS JOIN keeps SQLite walking the changes, not the scores.
 */
export const countScoreDeltas = (): SQL => {
  const score = sql`IIF(m.change < 0, s.score - k.delta, s.score)`;
  return addToScoreCounts(sql`
    SELECT s.program_id, s.period, s.cohort, ${score} AS score, m.change
    FROM score_deltas k CROSS JOIN period_scores s ON s.participant_pk = k.participant_pk AND s.period = k.period
      CROSS JOIN (SELECT -1 AS change UNION ALL SELECT 1) m
    WHERE s.ranked = 1 AND ${score} > 0`);
};

/** Rows about to be deleted leave the counts. Before the delete; `where` picks rows of `period_scores s`. */
export const uncountRows = (where: SQL): SQL =>
  addToScoreCounts(sql`
    SELECT s.program_id, s.period, s.cohort, s.score, -1 AS change
    FROM period_scores s WHERE s.ranked = 1 AND s.score > 0 AND ${where}`);

/**
 * Participants whose cohort or ranking is about to be copied from `participants` into their
 * period rows: their old rows leave the counts and the rows as they will be join them. Before the
 * `UPDATE period_scores` that copies them; `where` picks rows of `period_scores s` joined to their
 * participant `p`.
 */
export const recountRows = (where: SQL): SQL =>
  addToScoreCounts(sql`
    SELECT s.program_id, s.period, s.cohort, s.score, -1 AS change
    FROM period_scores s JOIN participants p ON p.pk = s.participant_pk
    WHERE s.ranked = 1 AND s.score > 0 AND ${where}
    UNION ALL
    SELECT s.program_id, s.period, p.cohort, s.score, 1
    FROM period_scores s JOIN participants p ON p.pk = s.participant_pk
    WHERE p.ranked = 1 AND s.score > 0 AND ${where}`);

/** Recounts some periods (`periods` selects labels) from the scores. After the scores are rebuilt. */
export function recountScores(programId: SQL | number, periods: SQL): SQL[] {
  return [
    sql`DELETE FROM score_counts WHERE program_id = ${programId} AND period IN (${periods})`,
    addToScoreCounts(sql`
      SELECT s.program_id, s.period, s.cohort, s.score, 1 AS change
      FROM period_scores s
      WHERE s.program_id = ${programId} AND s.period IN (${periods}) AND s.ranked = 1 AND s.score > 0`),
  ];
}
