/**
 * The schema of one program's engine: its own SQLite storage inside its Durable Object. Migrations
 * in /migrations/engine are generated from this file (`npm run db:generate:engine`). Instants are
 * epoch milliseconds; units and caps integer hundredths (`_h`); points integer ten-thousandths;
 * local dates `YYYY-MM-DD` text.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The program's settings and document (metrics with their weight versions, teams, targets), one JSON row. */
export const programState = sqliteTable("program_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** `pk` is the participant's row number in this program: credentials in D1 name it. */
export const participants = sqliteTable("participants", {
  pk: integer("pk").primaryKey({ autoIncrement: true }),
  id: text("id").notNull().unique(),
  displayName: text("display_name").notNull(),
  teamKey: text("team_key"),
  cohort: text("cohort"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Opt-in history: ordered by `at`, then by `seq` for toggles at the same instant. */
export const optToggles = sqliteTable(
  "opt_toggles",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    participantPk: integer("participant_pk").notNull(),
    at: integer("at").notNull(),
    optedIn: integer("opted_in", { mode: "boolean" }).notNull(),
  },
  (t) => [index("opt_toggles_participant").on(t.participantPk, t.at, t.seq)],
);

/**
 * Stored events, keyed by their idempotency id (WITHOUT ROWID: one row written per event, no
 * second index). `valueH` is 100 for count metrics; `attributes` canonical JSON (sorted keys).
 */
export const events = sqliteTable("events", {
  id: text("id").primaryKey(),
  participantPk: integer("participant_pk").notNull(),
  metricId: integer("metric_id").notNull(),
  occurredAt: integer("occurred_at").notNull(),
  day: text("day").notNull(),
  valueH: integer("value_h").notNull(),
  attributes: text("attributes"),
  receivedAt: integer("received_at").notNull(),
});

/**
 * Units, capped units and points per local day, participant and metric (WITHOUT ROWID, keyed by
 * day first): a period's board is a range of days, and one participant's days are a seek each.
 * `points` is capped units × the day's weight for lead metrics, 0 for lag metrics.
 */
export const rollups = sqliteTable(
  "rollups",
  {
    day: text("day").notNull(),
    participantPk: integer("participant_pk").notNull(),
    metricId: integer("metric_id").notNull(),
    unitsH: integer("units_h").notNull(),
    cappedH: integer("capped_h").notNull(),
    points: integer("points").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.participantPk, t.metricId] })],
);

/**
 * The latest reading of each day of a gauge metric (SPEC §5.1): the day's event with the latest
 * `occurredAt` (equal instants: the greater id). A participant's readings of a metric are one
 * range of the key, which is what a late reading's re-count reads (WITHOUT ROWID).
 */
export const gaugeReadings = sqliteTable(
  "gauge_readings",
  {
    participantPk: integer("participant_pk").notNull(),
    metricId: integer("metric_id").notNull(),
    day: text("day").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    eventId: text("event_id").notNull(),
    valueH: integer("value_h").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantPk, t.metricId, t.day] })],
);

/** Stored weekly Power 100 reports: snapshots that later events never change. */
export const weeklyReports = sqliteTable("weekly_reports", {
  week: text("week").primaryKey(),
  generatedAt: integer("generated_at").notNull(),
  /** The report document as answered, JSON. */
  body: text("body").notNull(),
});

/** One row per ingest batch, kept for a week: what a manager sees under "what was refused". */
export const ingestionLog = sqliteTable("ingestion_log", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  at: integer("at").notNull(),
  accepted: integer("accepted").notNull(),
  duplicates: integer("duplicates").notNull(),
  /** JSON: up to 20 rejections of the batch, `[{reason, id, message}]`, and the count per reason. */
  rejected: text("rejected").notNull(),
  rejectedCount: integer("rejected_count").notNull(),
});

/** Contests whose winners were announced to the webhooks (`contest.ended`): each key once. */
export const announcedContests = sqliteTable("announced_contests", {
  key: text("key").primaryKey(),
  announcedAt: integer("announced_at").notNull(),
});

/**
 * Badges held as last checked, per participant (SPEC §5.4 derives them; `badge.earned` announces
 * each pair once). A pair the data no longer earns is deleted, so earning it again announces again.
 */
export const badgeAwards = sqliteTable(
  "badge_awards",
  {
    participantPk: integer("participant_pk").notNull(),
    badgeKey: text("badge_key").notNull(),
    earnedOn: text("earned_on").notNull(),
    /** When it was announced, or null where it was recorded without an announcement (earned too long ago). */
    announcedAt: integer("announced_at"),
  },
  (t) => [primaryKey({ columns: [t.participantPk, t.badgeKey] })],
);

/** Participants whose badges may have changed since the last badge check: their rollups, or the badges, changed. */
export const badgeChecks = sqliteTable("badge_checks", {
  participantPk: integer("participant_pk").primaryKey(),
});
