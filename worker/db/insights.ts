/**
 * The SQL behind the site's extra reads: public programs, a program's public summary, a
 * participant's weekly series beside their team, the participants table, and the console's
 * dashboard figures. Like the boards, these read rollups and period scores, never raw events.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../context";
import { json } from "./client";

export function publicPrograms(db: Db) {
  return db.all<{ slug: string; name: string; timeZone: string }>(sql`
    SELECT slug, name, time_zone AS timeZone FROM programs WHERE visibility = 'public' ORDER BY name, slug`);
}

export function programsOfOrg(db: Db, orgId: number) {
  return db.all<{ slug: string; name: string; timeZone: string; visibility: string }>(sql`
    SELECT slug, name, time_zone AS timeZone, visibility FROM programs WHERE org_id = ${orgId} ORDER BY name, slug`);
}

/** The cohorts of the program's ranked participants, with how many each holds. */
export function cohortsOf(db: Db, programId: number) {
  return db.all<{ name: string; size: number }>(sql`
    SELECT cohort AS name, COUNT(*) AS size FROM participants
    WHERE program_id = ${programId} AND ranked = 1 AND cohort IS NOT NULL GROUP BY cohort ORDER BY cohort`);
}

/** A participant's score for each of the period labels (0 where they have none). */
export async function scoresByLabel(db: Db, participantPk: number, labels: string[]): Promise<Map<string, number>> {
  const rows = await db.all<{ period: string; score: number }>(sql`
    SELECT period, score FROM period_scores
    WHERE participant_pk = ${participantPk} AND period IN (SELECT value FROM json_each(${json(labels)}))`);
  return new Map(rows.map((r) => [r.period, r.score]));
}

/** Sum of the scores of the ranked participants of the given teams, per period label. */
export async function teamSumsByLabel(db: Db, programId: number, teamKeys: string[], labels: string[]) {
  const rows = await db.all<{ period: string; sum: number }>(sql`
    SELECT period, SUM(score) AS sum FROM team_scores
    WHERE program_id = ${programId} AND board = ''
      AND period IN (SELECT value FROM json_each(${json(labels)}))
      AND team_key IN (SELECT value FROM json_each(${json(teamKeys)}))
    GROUP BY period`);
  return new Map(rows.map((r) => [r.period, r.sum]));
}

/** How many ranked participants the given teams hold now. */
export async function rankedCount(db: Db, programId: number, teamKeys: string[]): Promise<number> {
  const row = await db.get<{ n: number }>(sql`
    SELECT COUNT(*) AS n FROM participants
    WHERE program_id = ${programId} AND ranked = 1 AND team_key IN (SELECT value FROM json_each(${json(teamKeys)}))`);
  return row?.n ?? 0;
}

/** A page of the program's participants, searched by id, name, team or cohort. */
export async function participantPage(db: Db, programId: number, q: string | undefined, offset: number, limit: number) {
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = like
    ? sql`program_id = ${programId} AND (id LIKE ${like} ESCAPE '\\' OR display_name LIKE ${like} ESCAPE '\\'
        OR team_key LIKE ${like} ESCAPE '\\' OR cohort LIKE ${like} ESCAPE '\\')`
    : sql`program_id = ${programId}`;
  const [count, rows] = await Promise.all([
    db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM participants WHERE ${where}`),
    db.all<{ id: string; displayName: string; team: string | null; cohort: string | null; optedIn: number; ranked: number }>(sql`
      SELECT id, display_name AS displayName, team_key AS team, cohort, opted_in AS optedIn, ranked
      FROM participants WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`),
  ]);
  return { total: count?.n ?? 0, rows };
}

/** Participation: everyone, those opted in, those ranked, and those with any event in [firstDay, endDay). */
export async function participation(db: Db, programId: number, firstDay: string, endDay: string) {
  const row = await db.get<{ participants: number; optedIn: number; ranked: number; active: number }>(sql`
    SELECT COUNT(*) AS participants, COALESCE(SUM(opted_in), 0) AS optedIn, COALESCE(SUM(ranked), 0) AS ranked,
      (SELECT COUNT(DISTINCT d.participant_pk) FROM daily_rollups d
        WHERE d.program_id = ${programId} AND d.day >= ${firstDay} AND d.day < ${endDay}) AS active
    FROM participants WHERE program_id = ${programId}`);
  return row ?? { participants: 0, optedIn: 0, ranked: 0, active: 0 };
}

/** Points and capped units per team (own participants) and metric over [firstDay, endDay). */
export function teamMetricFigures(db: Db, programId: number, firstDay: string, endDay: string) {
  return db.all<{ team: string; metric: string; points: number; cappedH: number }>(sql`
    SELECT p.team_key AS team, m.key AS metric, SUM(d.points) AS points, SUM(d.capped_h) AS cappedH
    FROM daily_rollups d JOIN participants p ON p.pk = d.participant_pk JOIN metrics m ON m.id = d.metric_id
    WHERE d.program_id = ${programId} AND d.day >= ${firstDay} AND d.day < ${endDay} AND p.team_key IS NOT NULL
    GROUP BY p.team_key, m.key`);
}

/** Ranked participants per team (own participants only). */
export function rankedPerTeam(db: Db, programId: number) {
  return db.all<{ team: string; n: number }>(sql`
    SELECT team_key AS team, COUNT(*) AS n FROM participants
    WHERE program_id = ${programId} AND ranked = 1 AND team_key IS NOT NULL GROUP BY team_key`);
}

/** Scores of the ranked participants of the given teams for one period label (0 where none). */
export async function memberScores(db: Db, programId: number, teamKeys: string[], label: string): Promise<number[]> {
  const rows = await db.all<{ score: number }>(sql`
    SELECT COALESCE(s.score, 0) AS score FROM participants p
    LEFT JOIN period_scores s ON s.participant_pk = p.pk AND s.period = ${label}
    WHERE p.program_id = ${programId} AND p.ranked = 1 AND p.team_key IN (SELECT value FROM json_each(${json(teamKeys)}))`);
  return rows.map((r) => r.score);
}

/** Capped units (hundredths) of one metric over [firstDay, endDay), per ranked member of the given teams. */
export async function memberCappedUnits(db: Db, programId: number, teamKeys: string[], metricKey: string, firstDay: string, endDay: string) {
  const rows = await db.all<{ capped: number }>(sql`
    SELECT SUM(d.capped_h) AS capped FROM daily_rollups d
    JOIN participants p ON p.pk = d.participant_pk JOIN metrics m ON m.id = d.metric_id
    WHERE d.program_id = ${programId} AND p.ranked = 1 AND m.key = ${metricKey}
      AND p.team_key IN (SELECT value FROM json_each(${json(teamKeys)}))
      AND d.day >= ${firstDay} AND d.day < ${endDay}
    GROUP BY p.pk`);
  return rows.map((r) => r.capped);
}

/** Which of the ids are participants of the program already. */
export async function existingIds(db: Db, programId: number, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.all<{ id: string }>(sql`
    SELECT id FROM participants WHERE program_id = ${programId} AND id IN (SELECT value FROM json_each(${json(ids)}))`);
  return new Set(rows.map((r) => r.id));
}
