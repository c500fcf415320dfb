/** Stored weekly reports, and the week rankings they are made from. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../context";
import { POWER_LIMIT } from "../../scoring/report";
import { weeklyReports } from "./schema";

/**
 * The week's entries ranked POWER_LIMIT or better: every ranked positive score at least the
 * POWER_LIMIT-th in board order, ties included. Each with its display fields and its positive
 * score the week before, if any. A range at the top of the board index, not the whole board, so
 * the report's memory does not grow with the program. With fewer than POWER_LIMIT positive
 * scores the floor is 1: scores are whole ten-thousandths, so every positive one is at least 1.
 */
export function powerEntries(db: Db, programId: number, week: string, previousWeek: string) {
  return db.all<{ id: string; score: number; displayName: string; team: string | null; cohort: string | null; previousScore: number | null }>(sql`
    SELECT s.participant_id AS id, s.score AS score, p.display_name AS displayName, p.team_key AS team, p.cohort AS cohort,
      prev.score AS previousScore
    FROM period_scores s
    JOIN participants p ON p.pk = s.participant_pk
    LEFT JOIN period_scores prev
      ON prev.participant_pk = s.participant_pk AND prev.period = ${previousWeek} AND prev.ranked = 1 AND prev.score > 0
    WHERE s.program_id = ${programId} AND s.period = ${week} AND s.ranked = 1 AND s.score >= COALESCE(
      (SELECT score FROM period_scores WHERE program_id = ${programId} AND period = ${week} AND ranked = 1 AND score > 0
       ORDER BY score DESC LIMIT 1 OFFSET ${POWER_LIMIT - 1}),
      1)`);
}

/**
 * Stores the report. With `replace`, an existing one is replaced (an explicit regeneration);
 * without, an existing one is kept. Answers whether this call stored it.
 */
export async function storeReport(db: Db, programId: number, week: string, generatedAt: number, body: string, replace: boolean) {
  const insert = db.insert(weeklyReports).values({ programId, week, generatedAt, body });
  const result = replace
    ? await insert.onConflictDoUpdate({ target: [weeklyReports.programId, weeklyReports.week], set: { generatedAt, body } })
    : await insert.onConflictDoNothing();
  return result.meta.changes > 0;
}

export async function findReport(db: Db, programId: number, week: string) {
  const row = await db
    .select({ body: weeklyReports.body })
    .from(weeklyReports)
    .where(and(eq(weeklyReports.programId, programId), eq(weeklyReports.week, week)))
    .get();
  return row ? JSON.parse(row.body) : null;
}

export async function reportWeeks(db: Db, programId: number): Promise<string[]> {
  const rows = await db
    .select({ week: weeklyReports.week })
    .from(weeklyReports)
    .where(eq(weeklyReports.programId, programId))
    .orderBy(desc(weeklyReports.week));
  return rows.map((r) => r.week);
}
