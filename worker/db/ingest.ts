/**
 * Storing a batch of accepted events and their rollups in one atomic D1 batch. The statements
 * decide in SQL which events are new, so two identical batches racing each other store and count
 * each event once: the second finds the first's events stored and stages nothing.
 */
import { sql } from "drizzle-orm";
import { labelsOfDay } from "../../scoring/periods";
import type { Db } from "../context";
import { batch, json, jsonParts } from "./client";
import { scoreDailyRollups } from "./rescore";
import { addScoreDeltas } from "./team-scores";

export interface EventToStore {
  id: string;
  participantPk: number;
  metricId: number;
  occurredAt: number;
  day: string;
  valueH: number;
  attributes: string | null;
}

/** Stores the events that are not stored yet; answers the ids this batch stored. */
export async function storeEvents(db: Db, programId: number, events: EventToStore[], receivedAt: number): Promise<string[]> {
  if (events.length === 0) return [];
  // Attributes make a batch's rows up to about twice its 1 MiB body: they travel in parts.
  const rowParts = jsonParts(events.map((e) => [e.id, e.participantPk, e.metricId, e.occurredAt, e.day, e.valueH, e.attributes]));
  const days = [...new Set(events.map((e) => e.day))].map((day) => {
    const l = labelsOfDay(day);
    return [day, l.week, l.month, l.quarter];
  });
  const labels = json(days);

  const storedIds = sql`SELECT id FROM ingest_staging`;
  const statements = [
    sql`DELETE FROM ingest_staging`,
    sql`DELETE FROM rollup_deltas`,
    sql`DELETE FROM score_deltas`,
    ...rowParts.map(
      (rows) => sql`
        INSERT INTO ingest_staging (id, participant_pk, metric_id, occurred_at, day, value_h, attributes)
        SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6
        FROM json_each(${rows}) j
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.program_id = ${programId} AND e.id = j.value->>0)`,
    ),
    sql`
      INSERT INTO events (program_id, id, participant_pk, metric_id, occurred_at, day, value_h, attributes, received_at)
      SELECT ${programId}, id, participant_pk, metric_id, occurred_at, day, value_h, attributes, ${receivedAt}
      FROM ingest_staging`,
    // Remember each touched rollup's points before the batch, to add only the difference to period scores.
    sql`
      INSERT INTO rollup_deltas (participant_pk, metric_id, day, old_points)
      SELECT k.participant_pk, k.metric_id, k.day, COALESCE(d.points, 0)
      FROM (SELECT DISTINCT participant_pk, metric_id, day FROM ingest_staging) k
      LEFT JOIN daily_rollups d ON d.participant_pk = k.participant_pk AND d.metric_id = k.metric_id AND d.day = k.day`,
    sql`
      INSERT INTO daily_rollups (participant_pk, metric_id, day, program_id, units_h, capped_h, points)
      SELECT participant_pk, metric_id, day, ${programId}, SUM(value_h), 0, 0
      FROM ingest_staging WHERE true GROUP BY participant_pk, metric_id, day
      ON CONFLICT (participant_pk, metric_id, day) DO UPDATE SET units_h = units_h + excluded.units_h`,
    scoreDailyRollups(
      programId,
      // A row-value IN lets SQLite look each touched rollup up by its key; EXISTS walked them all.
      sql`(d.participant_pk, d.metric_id, d.day) IN (SELECT participant_pk, metric_id, day FROM rollup_deltas)`,
    ),
    // Each touched period score's change: the points its days gained.
    sql`
      WITH labels(day, period) AS (
        SELECT value->>0, value->>0 FROM json_each(${labels})
        UNION ALL SELECT value->>0, value->>1 FROM json_each(${labels})
        UNION ALL SELECT value->>0, value->>2 FROM json_each(${labels})
        UNION ALL SELECT value->>0, value->>3 FROM json_each(${labels})
        UNION ALL SELECT value->>0, 'all' FROM json_each(${labels}))
      INSERT INTO score_deltas (participant_pk, period, delta)
      SELECT k.participant_pk, l.period, SUM(d.points - k.old_points)
      FROM rollup_deltas k
      JOIN daily_rollups d ON d.participant_pk = k.participant_pk AND d.metric_id = k.metric_id AND d.day = k.day
      JOIN labels l ON l.day = k.day
      WHERE true
      GROUP BY k.participant_pk, l.period
      HAVING SUM(d.points - k.old_points) <> 0`,
    sql`
      INSERT INTO period_scores (participant_pk, period, program_id, participant_id, score, ranked, cohort, team_key)
      SELECT k.participant_pk, k.period, ${programId}, p.id, k.delta, p.ranked, p.cohort, p.team_key
      FROM score_deltas k JOIN participants p ON p.pk = k.participant_pk
      WHERE true
      ON CONFLICT (participant_pk, period) DO UPDATE SET score = score + excluded.score`,
    addScoreDeltas(),
    storedIds,
    sql`DELETE FROM ingest_staging`,
    sql`DELETE FROM rollup_deltas`,
    sql`DELETE FROM score_deltas`,
  ];
  const results = await batch(db, statements);
  return (results[statements.indexOf(storedIds)] as { id: string }[]).map((r) => r.id);
}
