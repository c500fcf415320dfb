/**
 * Storing a batch of accepted events in one atomic D1 batch, queued for scoring (scoring.ts). The
 * statements decide in SQL which events are new, so two identical batches racing each other store
 * and count each event once: the second finds the first's events stored and stages nothing.
 */
import { sql } from "drizzle-orm";
import { labelsOfDay } from "../../scoring/periods";
import type { Db } from "../context";
import { batch, json, jsonParts } from "./client";
import { countUnscored } from "./scoring";

export interface EventToStore {
  id: string;
  participantPk: number;
  metricId: number;
  occurredAt: number;
  day: string;
  valueH: number;
  attributes: string | null;
}

export interface StoredEvents {
  /** The ids this batch stored (a concurrent batch may have stored some of the others). */
  ids: string[];
  /** How many stored events, these included, wait to be scored (scoring.ts). */
  unscored: number;
}

/** Stores the events that are not stored yet, and queues them for scoring. */
export async function storeEvents(db: Db, programId: number, events: EventToStore[], receivedAt: number): Promise<StoredEvents> {
  if (events.length === 0) return { ids: [], unscored: 0 };
  // Attributes make a batch's rows up to about twice its 1 MiB body: they travel in parts.
  const rowParts = jsonParts(events.map((e) => [e.id, e.participantPk, e.metricId, e.occurredAt, e.day, e.valueH, e.attributes]));
  const labels = json(
    [...new Set(events.map((e) => e.day))].map((day) => {
      const { week, month, quarter } = labelsOfDay(day);
      return [day, week, month, quarter];
    }),
  );

  const storedIds = sql`SELECT id FROM ingest_staging`;
  const statements = [
    sql`DELETE FROM ingest_staging`,
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
    sql`
      INSERT INTO unscored_events (program_id, participant_pk, metric_id, day, week, month, quarter, value_h)
      SELECT ${programId}, s.participant_pk, s.metric_id, s.day, l.value->>1, l.value->>2, l.value->>3, s.value_h
      FROM ingest_staging s JOIN json_each(${labels}) l ON l.value->>0 = s.day`,
    storedIds,
    countUnscored,
    sql`DELETE FROM ingest_staging`,
  ];
  const results = await batch(db, statements);
  return {
    ids: (results[statements.indexOf(storedIds)] as { id: string }[]).map((r) => r.id),
    unscored: (results[statements.indexOf(countUnscored)][0] as { n: number }).n,
  };
}
