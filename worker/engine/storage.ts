/**
 * The engine's reads and writes of its own SQLite (schema.ts). Lists travel as one JSON
 * parameter (`json_each`), so a statement binds a few values however long the batch. Storage is
 * synchronous and in-process: a method that writes several statements runs them in one
 * transaction (`transactionSync`), committed before the engine answers. Gauge readings and
 * weekly reports have stores of their own (gauge-storage.ts, report-storage.ts) on the same run.
 */
import { drizzle, type DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { eq } from "drizzle-orm";
import migrations from "../../migrations/engine/migrations.js";
import type { Toggle } from "../../scoring/optin";
import type { DayRange } from "../../scoring/periods";
import { GaugeStorage } from "./gauge-storage";
import type { StoredProgram } from "./program";
import { ReportStorage } from "./report-storage";
import * as schema from "./schema";
import type { SqlRun } from "./sql-run";

/** A rollup row: units and capped units in hundredths, points in ten-thousandths. */
export interface RollupRow {
  day: string;
  participantPk: number;
  metricId: number;
  unitsH: number;
  cappedH: number;
  points: number;
}

export interface StoredEventRow {
  id: string;
  participantPk: number;
  metricId: number;
  occurredAt: number;
  day: string;
  valueH: number;
  attributes: string | null;
}

export interface NewEventRow extends StoredEventRow {
  receivedAt: number;
}

export interface ParticipantRow {
  pk: number;
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
}

const PROGRAM_KEY = "program";

export class Storage {
  readonly db: DrizzleSqliteDODatabase<typeof schema>;
  private readonly sql: SqlStorage;
  readonly gauges: GaugeStorage;
  readonly reports: ReportStorage;

  constructor(readonly durable: DurableObjectStorage) {
    this.db = drizzle(durable, { schema });
    this.sql = durable.sql;
    const run: SqlRun = (query, ...params) => this.run(query, ...params);
    this.gauges = new GaugeStorage(run);
    this.reports = new ReportStorage(run);
  }

  migrate(): Promise<void> {
    return migrate(this.db, migrations);
  }

  transaction<T>(work: () => T): T {
    return this.durable.transactionSync(work);
  }

  /** Rows written by this storage since it was opened: the engine reports them per accepted event. */
  get rowsWritten(): number {
    return this.written;
  }
  private written = 0;

  private run<T extends Record<string, SqlStorageValue>>(query: string, ...params: SqlStorageValue[]): T[] {
    const cursor = this.sql.exec<T>(query, ...params);
    const rows = cursor.toArray();
    this.written += cursor.rowsWritten;
    return rows;
  }

  // The program

  program(): StoredProgram | null {
    const row = this.db.select().from(schema.programState).where(eq(schema.programState.key, PROGRAM_KEY)).get();
    return row ? (JSON.parse(row.value) as StoredProgram) : null;
  }

  saveProgram(program: StoredProgram): void {
    const value = JSON.stringify(program);
    this.db.insert(schema.programState).values({ key: PROGRAM_KEY, value }).onConflictDoUpdate({ target: schema.programState.key, set: { value } }).run();
  }

  // Participants

  participants(): ParticipantRow[] {
    return this.run<{ pk: number; id: string; displayName: string; team: string | null; cohort: string | null }>(
      "SELECT pk, id, display_name AS displayName, team_key AS team, cohort FROM participants",
    );
  }

  /** Every toggle, in history order. */
  toggles(): (Toggle & { participantPk: number })[] {
    return this.run<{ participantPk: number; at: number; optedIn: number }>(
      "SELECT participant_pk AS participantPk, at, opted_in AS optedIn FROM opt_toggles ORDER BY at, seq",
    ).map((r) => ({ participantPk: r.participantPk, at: r.at, optedIn: r.optedIn === 1 }));
  }

  /** Inserts or updates participants; answers each one's row. */
  upsertParticipants(list: { id: string; displayName: string; team: string | null; cohort: string | null }[], now: number): ParticipantRow[] {
    return this.run<{ pk: number; id: string; displayName: string; team: string | null; cohort: string | null }>(
      `INSERT INTO participants (id, display_name, team_key, cohort, created_at, updated_at)
       SELECT value->>0, value->>1, value->>2, value->>3, ?, ? FROM json_each(?) WHERE true
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, team_key = excluded.team_key,
         cohort = excluded.cohort, updated_at = excluded.updated_at
       RETURNING pk, id, display_name AS displayName, team_key AS team, cohort`,
      now,
      now,
      JSON.stringify(list.map((p) => [p.id, p.displayName, p.team, p.cohort])),
    );
  }

  addToggle(participantPk: number, at: number, optedIn: boolean): void {
    this.run("INSERT INTO opt_toggles (participant_pk, at, opted_in) VALUES (?, ?, ?)", participantPk, at, optedIn ? 1 : 0);
  }

  /** Erases a participant's events, rollups (on the given days: a seek each), opt-in history and row. */
  eraseParticipant(pk: number, days: readonly string[]): void {
    // Events are keyed by id alone (one row written per event): erasure, which is rare, scans them.
    this.run("DELETE FROM events WHERE participant_pk = ?", pk);
    this.run("DELETE FROM rollups WHERE day IN (SELECT value FROM json_each(?)) AND participant_pk = ?", JSON.stringify(days), pk);
    this.run("DELETE FROM gauge_readings WHERE participant_pk = ?", pk);
    this.run("DELETE FROM opt_toggles WHERE participant_pk = ?", pk);
    this.run("DELETE FROM participants WHERE pk = ?", pk);
  }

  // Events and rollups

  /** The events stored under the ids. */
  storedEvents(ids: string[]): StoredEventRow[] {
    if (ids.length === 0) return [];
    return this.run<StoredEventRow & Record<string, SqlStorageValue>>(
      `SELECT e.id, e.participant_pk AS participantPk, e.metric_id AS metricId, e.occurred_at AS occurredAt, e.day,
         e.value_h AS valueH, e.attributes
       FROM json_each(?) j JOIN events e ON e.id = j.value`,
      JSON.stringify(ids),
    );
  }

  insertEvents(rows: NewEventRow[]): void {
    this.run(
      `INSERT INTO events (id, participant_pk, metric_id, occurred_at, day, value_h, attributes, received_at)
       SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7 FROM json_each(?)`,
      JSON.stringify(rows.map((e) => [e.id, e.participantPk, e.metricId, e.occurredAt, e.day, e.valueH, e.attributes, e.receivedAt])),
    );
  }

  /** The rollups stored under the keys `[day, participantPk, metricId]`. */
  rollupsAt(keys: [string, number, number][]): RollupRow[] {
    if (keys.length === 0) return [];
    return this.run<RollupRow & Record<string, SqlStorageValue>>(
      `SELECT r.day, r.participant_pk AS participantPk, r.metric_id AS metricId, r.units_h AS unitsH, r.capped_h AS cappedH, r.points
       FROM json_each(?) j JOIN rollups r ON r.day = j.value->>0 AND r.participant_pk = j.value->>1 AND r.metric_id = j.value->>2`,
      JSON.stringify(keys),
    );
  }

  writeRollups(rows: RollupRow[]): void {
    if (rows.length === 0) return;
    this.run(
      `INSERT OR REPLACE INTO rollups (day, participant_pk, metric_id, units_h, capped_h, points)
       SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?)`,
      JSON.stringify(rows.map((r) => [r.day, r.participantPk, r.metricId, r.unitsH, r.cappedH, r.points])),
    );
  }

  /** One participant's rollups on the given days (a seek per day). */
  rollupsOf(participantPk: number, days: readonly string[]): RollupRow[] {
    if (days.length === 0) return [];
    return this.run<RollupRow & Record<string, SqlStorageValue>>(
      `SELECT r.day, r.participant_pk AS participantPk, r.metric_id AS metricId, r.units_h AS unitsH, r.capped_h AS cappedH, r.points
       FROM json_each(?) j JOIN rollups r ON r.day = j.value AND r.participant_pk = ?`,
      JSON.stringify(days),
      participantPk,
    );
  }

  /** Every rollup of the metrics on the days from `from` on: a re-score reads these. */
  rollupsFrom(metricIds: number[], from: string): RollupRow[] {
    return this.run<RollupRow & Record<string, SqlStorageValue>>(
      `SELECT day, participant_pk AS participantPk, metric_id AS metricId, units_h AS unitsH, capped_h AS cappedH, points
       FROM rollups WHERE day >= ? AND metric_id IN (SELECT value FROM json_each(?))`,
      from,
      JSON.stringify(metricIds),
    );
  }

  /** Points and capped units per team (its own participants) and metric over the days, summed in SQLite. */
  teamMetricSums(days: DayRange): { team: string; metricId: number; points: number; cappedH: number }[] {
    const [where, params] = dayRange(days, "r.");
    return this.run<{ team: string; metricId: number; points: number; cappedH: number }>(
      `SELECT p.team_key AS team, r.metric_id AS metricId, SUM(r.points) AS points, SUM(r.capped_h) AS cappedH
       FROM rollups r JOIN participants p ON p.pk = r.participant_pk
       WHERE ${where} AND p.team_key IS NOT NULL GROUP BY p.team_key, r.metric_id`,
      ...params,
    );
  }

  /** How many participants have a rollup over the days. */
  activeWithin(days: DayRange): number {
    const [where, params] = dayRange(days);
    return this.run<{ n: number }>(`SELECT COUNT(DISTINCT participant_pk) AS n FROM rollups WHERE ${where}`, ...params)[0].n;
  }

  /** Lead points per participant over the days (of the given metrics only, where given): a board's scores. */
  pointsWithin(days: DayRange, metricIds: readonly number[] | null = null): Map<number, number> {
    return this.sumWithin("points", days, metricIds);
  }

  /** Capped units (hundredths) of one metric per participant over the days: a metric board's figures. */
  cappedWithin(days: DayRange, metricId: number): Map<number, number> {
    return this.sumWithin("capped_h", days, [metricId]);
  }

  private sumWithin(column: "points" | "capped_h", days: DayRange, metricIds: readonly number[] | null): Map<number, number> {
    const [where, params] = dayRange(days);
    const metrics = metricIds === null ? "" : " AND metric_id IN (SELECT value FROM json_each(?))";
    const rows = this.run<{ pk: number; sum: number }>(
      `SELECT participant_pk AS pk, SUM(${column}) AS sum FROM rollups WHERE ${where}${metrics} GROUP BY participant_pk`,
      ...params,
      ...(metricIds === null ? [] : [JSON.stringify(metricIds)]),
    );
    return new Map(rows.map((r) => [r.pk, r.sum]));
  }

  /** Every local day that holds a rollup, in order. */
  days(): string[] {
    return this.run<{ day: string }>("SELECT DISTINCT day FROM rollups ORDER BY day").map((r) => r.day);
  }

  hasEvents(): boolean {
    return this.run("SELECT 1 FROM rollups LIMIT 1").length > 0;
  }

  // Ingestion log

  /** Logs a batch, and forgets up to 16 of the oldest batches logged before `keepSince`. */
  logBatch(at: number, accepted: number, duplicates: number, rejectedCount: number, rejected: unknown, keepSince: number): void {
    // The oldest few rows only (a seek, not a scan of the log): each batch adds one, so the log stays a window.
    this.run("DELETE FROM ingestion_log WHERE seq IN (SELECT seq FROM ingestion_log ORDER BY seq LIMIT 16) AND at < ?", keepSince);
    this.run(
      "INSERT INTO ingestion_log (at, accepted, duplicates, rejected_count, rejected) VALUES (?, ?, ?, ?, ?)",
      at,
      accepted,
      duplicates,
      rejectedCount,
      JSON.stringify(rejected),
    );
  }

  ingestionSince(since: number) {
    return this.run<{ at: number; accepted: number; duplicates: number; rejectedCount: number; rejected: string }>(
      "SELECT at, accepted, duplicates, rejected_count AS rejectedCount, rejected FROM ingestion_log WHERE at >= ? ORDER BY seq DESC",
      since,
    );
  }
}

/** The WHERE clause of a period's days, and its parameters. */
function dayRange(days: DayRange, table = ""): [string, string[]] {
  return days.firstDay === null ? ["true", []] : [`${table}day >= ? AND ${table}day < ?`, [days.firstDay, days.endDay!]];
}
