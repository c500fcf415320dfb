/** The SQL behind one participant's score card: figures by metric, target actuals and counting days. */
import { sql } from "drizzle-orm";
import type { Period } from "../../scoring/periods";
import type { Db } from "../context";
import { rowOf } from "./client";
import { targets } from "./schema";

const within = (period: Period) =>
  period.firstDay === null ? sql`true` : sql`d.day >= ${period.firstDay} AND d.day < ${period.endDay}`;

/** Units, capped units and points per metric over the period: every live metric, and archived ones with data. */
export function metricFigures(db: Db, programId: number, participantPk: number, period: Period) {
  return db.all<{ metric: string; indicator: "lead" | "lag"; unitsH: number; cappedH: number; points: number }>(sql`
    SELECT m.key AS metric, m.indicator AS indicator,
      COALESCE(f.units_h, 0) AS unitsH, COALESCE(f.capped_h, 0) AS cappedH, COALESCE(f.points, 0) AS points
    FROM metrics m LEFT JOIN (
      SELECT d.metric_id, SUM(d.units_h) AS units_h, SUM(d.capped_h) AS capped_h, SUM(d.points) AS points
      FROM daily_rollups d WHERE d.participant_pk = ${participantPk} AND ${within(period)}
      GROUP BY d.metric_id
    ) f ON f.metric_id = m.id
    WHERE m.program_id = ${programId} AND (m.archived_at IS NULL OR f.metric_id IS NOT NULL)
    ORDER BY m.archived_at IS NOT NULL, m.position, m.key`);
}

/** Capped units (hundredths) of one metric over the period. */
export async function cappedUnitsOf(db: Db, participantPk: number, metricKey: string, period: Period): Promise<number> {
  const row = await db.get<{ capped: number | null }>(sql`
    SELECT SUM(d.capped_h) AS capped FROM daily_rollups d JOIN metrics m ON m.id = d.metric_id
    WHERE d.participant_pk = ${participantPk} AND m.key = ${metricKey} AND ${within(period)}`);
  return row?.capped ?? 0;
}

/** Lead points (ten-thousandths) over the period's days: lag rollups carry 0 points. */
export async function pointsWithin(db: Db, participantPk: number, period: Period): Promise<number> {
  const row = await db.get<{ points: number | null }>(sql`
    SELECT SUM(d.points) AS points FROM daily_rollups d WHERE d.participant_pk = ${participantPk} AND ${within(period)}`);
  return row?.points ?? 0;
}

/** The local days on which the participant earned lead points. */
export async function countingDaysOf(db: Db, participantPk: number): Promise<string[]> {
  const rows = await db.all<{ day: string }>(sql`
    SELECT d.day AS day FROM daily_rollups d WHERE d.participant_pk = ${participantPk}
    GROUP BY d.day HAVING SUM(d.points) > 0`);
  return rows.map((r) => r.day);
}

/** The participant's own targets in the order given (raw SQL, to travel in one batch with the card's figures). */
export async function participantTargets(db: Db, programId: number, participantId: string) {
  const raw = await db.all<Record<string, unknown>>(sql`
    SELECT * FROM targets WHERE program_id = ${programId} AND subject_type = 'participant' AND subject_key = ${participantId}
    ORDER BY position`);
  return raw.map((r) => rowOf(targets, r));
}
