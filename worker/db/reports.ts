/** Stored weekly reports, and the week rankings they are made from. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../context";
import { json } from "./client";
import { weeklyReports } from "./schema";

/** The scores of every participant ranked now with a positive score for the week (index only, no table rows). */
export function weekScores(db: Db, programId: number, week: string) {
  return db.all<{ id: string; score: number }>(sql`
    SELECT participant_id AS id, score FROM period_scores
    WHERE program_id = ${programId} AND period = ${week} AND ranked = 1 AND score > 0`);
}

/** Display fields of the named participants. */
export function participantDetails(db: Db, programId: number, ids: string[]) {
  return db.all<{ id: string; pk: number; displayName: string; team: string | null; cohort: string | null }>(sql`
    SELECT id, pk, display_name AS displayName, team_key AS team, cohort FROM participants
    WHERE program_id = ${programId} AND id IN (SELECT value FROM json_each(${json(ids)}))`);
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
