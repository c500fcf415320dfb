/**
 * Keeping `team_scores` equal to the sums of its members' period scores. Each function answers
 * statements for the caller's batch, placed where it says, so the sums change in the same atomic
 * batch as the scores. A ranked member with a team counts on the program's board ("") and on
 * their cohort's.
 */
import { type SQL, sql } from "drizzle-orm";

/**
 * Adds contributions to the sums. `rows` selects `program_id, period, team_key, cohort, delta` for
 * ranked members with a team. Rows of one team, period and cohort are added up before they are
 * copied to the program's board, which halves what a fold sorts (about 27 of 57 ms a fold).
 */
function addToTeamScores(rows: SQL): SQL {
  return sql`
    WITH c AS (
      SELECT program_id, period, team_key, cohort, SUM(delta) AS delta FROM (${rows})
      GROUP BY program_id, period, team_key, cohort)
    INSERT INTO team_scores (program_id, period, board, team_key, score)
    SELECT program_id, period, board, team_key, SUM(delta) FROM (
      SELECT program_id, period, '' AS board, team_key, delta FROM c
      UNION ALL SELECT program_id, period, cohort, team_key, delta FROM c WHERE cohort IS NOT NULL)
    WHERE true
    GROUP BY program_id, period, board, team_key
    ON CONFLICT (program_id, period, board, team_key) DO UPDATE SET score = score + excluded.score`;
}

/** Ingestion: adds the batch's score changes (`score_deltas`). Any time in the batch, beside the scores' upsert. */
export const addScoreDeltas = (): SQL =>
  addToTeamScores(sql`
    SELECT p.program_id, k.period, p.team_key, p.cohort, k.delta
    FROM score_deltas k JOIN participants p ON p.pk = k.participant_pk
    WHERE p.ranked = 1 AND p.team_key IS NOT NULL`);

/** Rows about to be deleted leave the sums. Before the delete; `where` picks rows of `period_scores s`. */
export const removeRows = (where: SQL): SQL =>
  addToTeamScores(sql`
    SELECT s.program_id, s.period, s.team_key, s.cohort, -s.score AS delta
    FROM period_scores s WHERE s.ranked = 1 AND s.team_key IS NOT NULL AND ${where}`);

/**
 * Participants whose team, cohort or ranking is about to be copied from `participants` into their
 * period rows: their old rows leave the sums and the rows as they will be join them. Before the
 * `UPDATE period_scores` that copies them; `where` picks rows of `period_scores s` joined to their
 * participant `p`.
 */
export function regroupRows(where: SQL): SQL[] {
  return [
    addToTeamScores(sql`
      SELECT s.program_id, s.period, s.team_key, s.cohort, -s.score AS delta
      FROM period_scores s JOIN participants p ON p.pk = s.participant_pk
      WHERE s.ranked = 1 AND s.team_key IS NOT NULL AND ${where}`),
    addToTeamScores(sql`
      SELECT s.program_id, s.period, p.team_key, p.cohort, s.score AS delta
      FROM period_scores s JOIN participants p ON p.pk = s.participant_pk
      WHERE p.ranked = 1 AND p.team_key IS NOT NULL AND ${where}`),
  ];
}

/** Recomputes the sums of some periods (`periods` selects labels) from the scores. After the scores are rebuilt. */
export function recomputeTeamScores(programId: SQL | number, periods: SQL): SQL[] {
  return [
    sql`DELETE FROM team_scores WHERE program_id = ${programId} AND period IN (${periods})`,
    addToTeamScores(sql`
      SELECT s.program_id, s.period, s.team_key, s.cohort, s.score AS delta
      FROM period_scores s
      WHERE s.program_id = ${programId} AND s.period IN (${periods}) AND s.ranked = 1 AND s.team_key IS NOT NULL`),
  ];
}
