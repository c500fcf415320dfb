/**
 * The D1 schema, one table per export. Migrations in /migrations are generated from this file
 * (`npm run db:generate`). Instants are epoch milliseconds; decimals are integer hundredths (`_h`)
 * or, for points, integer ten-thousandths; local dates are `YYYY-MM-DD` text.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const orgs = sqliteTable("orgs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Admin keys (org-wide), ingest keys (one program) and participant tokens; only hashes are kept. */
export const credentials = sqliteTable(
  "credentials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id").notNull(),
    programId: integer("program_id"),
    participantPk: integer("participant_pk"),
    role: text("role", { enum: ["admin", "ingest", "participant"] }).notNull(),
    prefix: text("prefix").notNull().unique(),
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    index("credentials_program").on(t.programId, t.role),
    index("credentials_participant").on(t.participantPk),
  ],
);

export const programs = sqliteTable(
  "programs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id").notNull(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    requireOptIn: integer("require_opt_in", { mode: "boolean" }).notNull(),
    visibility: text("visibility", { enum: ["private", "public"] }).notNull(),
    teamAggregation: text("team_aggregation", { enum: ["sum", "mean"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("programs_org").on(t.orgId)],
);

/** Metrics left out of a program document are archived, never deleted: their points stay. */
export const metrics = sqliteTable(
  "metrics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id").notNull(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    indicator: text("indicator", { enum: ["lead", "lag"] }).notNull(),
    aggregation: text("aggregation", { enum: ["count", "sum"] }).notNull(),
    position: integer("position").notNull(),
    archivedAt: integer("archived_at"),
  },
  (t) => [uniqueIndex("metrics_program_key").on(t.programId, t.key)],
);

/**
 * Weight versions (SPEC §2.4). `appliesFrom`/`appliesUntil` are the half-open range of local days
 * the version scores, kept by the code that writes versions: the first version also scores the
 * days before it, the last one every day after it. So the version of a day is a plain join.
 */
export const metricVersions = sqliteTable(
  "metric_versions",
  {
    metricId: integer("metric_id").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    pointsH: integer("points_h").notNull(),
    dailyCapH: integer("daily_cap_h"),
    appliesFrom: text("applies_from").notNull(),
    appliesUntil: text("applies_until").notNull(),
  },
  (t) => [primaryKey({ columns: [t.metricId, t.effectiveFrom] })],
);

export const teams = sqliteTable(
  "teams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id").notNull(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    parentKey: text("parent_key"),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("teams_program_key").on(t.programId, t.key)],
);

/** `ranked` = opted in now, or the program does not require opt-in (SPEC §2.8). */
export const participants = sqliteTable(
  "participants",
  {
    pk: integer("pk").primaryKey({ autoIncrement: true }),
    programId: integer("program_id").notNull(),
    id: text("id").notNull(),
    displayName: text("display_name").notNull(),
    teamKey: text("team_key"),
    cohort: text("cohort"),
    optedIn: integer("opted_in", { mode: "boolean" }).notNull(),
    ranked: integer("ranked", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("participants_program_id").on(t.programId, t.id),
    index("participants_ranked").on(t.programId, t.ranked, t.id),
    index("participants_ranked_cohort").on(t.programId, t.ranked, t.cohort, t.id),
    index("participants_ranked_team").on(t.programId, t.ranked, t.teamKey),
  ],
);

/** Opt-in history: ordered by `at`, then by insertion for toggles at the same instant. */
export const optToggles = sqliteTable(
  "opt_toggles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    participantPk: integer("participant_pk").notNull(),
    at: integer("at").notNull(),
    optedIn: integer("opted_in", { mode: "boolean" }).notNull(),
  },
  (t) => [index("opt_toggles_participant").on(t.participantPk, t.at, t.id)],
);

export const targets = sqliteTable(
  "targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id").notNull(),
    key: text("key").notNull(),
    subjectType: text("subject_type", { enum: ["participant", "team"] }).notNull(),
    subjectKey: text("subject_key").notNull(),
    metricKey: text("metric_key"),
    period: text("period", { enum: ["week", "month", "quarter"] }).notNull(),
    valueH: integer("value_h").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    uniqueIndex("targets_program_key").on(t.programId, t.key),
    index("targets_subject").on(t.programId, t.subjectType, t.subjectKey),
  ],
);

/** Stored events. `valueH` is 100 for count metrics; `attributes` is canonical JSON (sorted keys). */
export const events = sqliteTable(
  "events",
  {
    programId: integer("program_id").notNull(),
    id: text("id").notNull(),
    participantPk: integer("participant_pk").notNull(),
    metricId: integer("metric_id").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    day: text("day").notNull(),
    valueH: integer("value_h").notNull(),
    attributes: text("attributes"),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.id] }),
    // Only erasure looks events up by participant, through the days of their rollups. Keyed by day
    // first, a batch's inserts land in the few pages of its own days; keyed by participant they
    // landed on a page each, which measured about a fifth of an ingest batch at 100,000 participants.
    index("events_day_participant").on(t.programId, t.day, t.participantPk),
  ],
);

/**
 * Units and points per participant, metric and local day, kept in the same batch that stores the
 * events. `points` is capped units × the day's weight for lead metrics, 0 for lag metrics.
 */
export const dailyRollups = sqliteTable(
  "daily_rollups",
  {
    participantPk: integer("participant_pk").notNull(),
    metricId: integer("metric_id").notNull(),
    day: text("day").notNull(),
    programId: integer("program_id").notNull(),
    unitsH: integer("units_h").notNull(),
    cappedH: integer("capped_h").notNull(),
    points: integer("points").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.participantPk, t.metricId, t.day] }),
    index("daily_rollups_metric_day").on(t.metricId, t.day),
    index("daily_rollups_program_day").on(t.programId, t.day),
  ],
);

/**
 * Score per participant and period label (a day, week, month or quarter label, or `all`), with the
 * participant's ranking fields copied in so that a board is one index range in rank order.
 *
 * One board index serves every board: it carries cohort and team as trailing columns, so a cohort
 * board filters the range and a team board sums it without reading table rows. Ingestion updates
 * this index for every participant and period a batch touches, so each further index here would
 * cost ingest throughput (measured: each one added about a quarter to the batch's time at
 * 100,000 participants), while the filtering they would save is cheap.
 *
 * The table is WITHOUT ROWID, clustered on its key, which drizzle cannot declare: migration 0001
 * rebuilds it so. A change to its columns here needs that migration's form kept.
 */
export const periodScores = sqliteTable(
  "period_scores",
  {
    participantPk: integer("participant_pk").notNull(),
    period: text("period").notNull(),
    programId: integer("program_id").notNull(),
    participantId: text("participant_id").notNull(),
    score: integer("score").notNull(),
    ranked: integer("ranked", { mode: "boolean" }).notNull(),
    cohort: text("cohort"),
    teamKey: text("team_key"),
  },
  (t) => [
    primaryKey({ columns: [t.participantPk, t.period] }),
    index("period_scores_board").on(t.programId, t.period, t.ranked, sql`${t.score} DESC`, t.participantId, t.cohort, t.teamKey),
  ],
);

/**
 * Sum of the scores of each team's ranked members, per period label and board (`board` is the
 * cohort, or "" for the whole program): a team board reads one row per team instead of summing
 * every member's score. Kept by every statement that changes period scores (team-scores.ts).
 */
export const teamScores = sqliteTable(
  "team_scores",
  {
    programId: integer("program_id").notNull(),
    period: text("period").notNull(),
    board: text("board").notNull(),
    teamKey: text("team_key").notNull(),
    score: integer("score").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.period, t.board, t.teamKey] })],
);

/**
 * How many ranked participants score within each bucket of scores, per period label and board
 * (`board` is the cohort, or "" for the whole program). Only scores above 0 are counted. A bucket
 * is named by its lowest score: the score cut to its two leading digits (score-counts.ts). A rank
 * adds up the buckets above a score and counts only its own bucket in the board index, instead of
 * counting every entry above it. Every batch that changes period scores keeps it in step.
 */
export const scoreCounts = sqliteTable(
  "score_counts",
  {
    programId: integer("program_id").notNull(),
    period: text("period").notNull(),
    board: text("board").notNull(),
    bucket: integer("bucket").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.period, t.board, t.bucket] })],
);

/**
 * How many participants are ranked, per program, cohort and team ("" for none of either): board
 * sizes and team member counts read these few rows instead of counting participants. Every batch
 * that adds, moves, ranks or removes participants keeps it in step (ranked-counts.ts).
 */
export const rankedCounts = sqliteTable(
  "ranked_counts",
  {
    programId: integer("program_id").notNull(),
    cohort: text("cohort").notNull(),
    teamKey: text("team_key").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.cohort, t.teamKey] })],
);

/** Scratch rows of the ingest batch in flight; empty outside a batch (each batch clears them). */
export const ingestStaging = sqliteTable("ingest_staging", {
  id: text("id").notNull(),
  participantPk: integer("participant_pk").notNull(),
  metricId: integer("metric_id").notNull(),
  occurredAt: integer("occurred_at").notNull(),
  day: text("day").notNull(),
  valueH: integer("value_h").notNull(),
  attributes: text("attributes"),
});

/**
 * Stored events not yet added to rollups and scores. Ingestion appends here in the batch that
 * stores the events; scoring.ts folds the rows into rollups, period scores and team sums many
 * batches at a time (a board index page then changes once for many events), and before any read.
 */
export const unscoredEvents = sqliteTable("unscored_events", {
  programId: integer("program_id").notNull(),
  participantPk: integer("participant_pk").notNull(),
  metricId: integer("metric_id").notNull(),
  day: text("day").notNull(),
  // The day's period labels (scoring/periods.ts), so that folding needs no calendar in SQL.
  week: text("week").notNull(),
  month: text("month").notNull(),
  quarter: text("quarter").notNull(),
  valueH: integer("value_h").notNull(),
});

/** Scratch rows: the rollup keys a batch touches and their points before it. */
export const rollupDeltas = sqliteTable(
  "rollup_deltas",
  {
    participantPk: integer("participant_pk").notNull(),
    metricId: integer("metric_id").notNull(),
    day: text("day").notNull(),
    oldPoints: integer("old_points").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantPk, t.metricId, t.day] })],
);

/** Scratch rows: the change of each period score a batch touches, for the scores and the team sums. */
export const scoreDeltas = sqliteTable(
  "score_deltas",
  {
    participantPk: integer("participant_pk").notNull(),
    period: text("period").notNull(),
    delta: integer("delta").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantPk, t.period] })],
);

/**
 * Always empty. D1 has no interactive transactions, so a write decided on earlier reads puts a
 * guard in its batch (guards.ts): a row breaking this CHECK when what it read has changed since,
 * which fails the whole batch before anything is stored.
 */
export const batchGuards = sqliteTable(
  "batch_guards",
  { stillTrue: integer("still_true").notNull() },
  (t) => [check("read_still_true", sql`${t.stillTrue} = 1`)],
);

/** Stored weekly Power 100 reports: snapshots that later events never change. */
export const weeklyReports = sqliteTable(
  "weekly_reports",
  {
    programId: integer("program_id").notNull(),
    week: text("week").notNull(),
    generatedAt: integer("generated_at").notNull(),
    /** The report document as answered, JSON. */
    body: text("body").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.week] })],
);

/**
 * Outbound webhook subscriptions. The secret signs deliveries (HMAC-SHA256), so unlike the API's
 * credentials it must be kept as it is, not as a hash.
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id").notNull(),
    url: text("url").notNull(),
    /** JSON list of event names, e.g. ["report.published"]. */
    events: text("events").notNull(),
    format: text("format", { enum: ["json", "slack"] }).notNull(),
    secret: text("secret").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhooks_program").on(t.programId)],
);

/** One notification to one subscription, with its attempts so far and when to try next. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id").notNull(),
    event: text("event").notNull(),
    /** The exact body sent (and signed). */
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull(),
    nextAttemptAt: integer("next_attempt_at"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [index("webhook_deliveries_webhook").on(t.webhookId, t.id), index("webhook_deliveries_due").on(t.status, t.nextAttemptAt)],
);

/**
 * Manager accounts: people who sign in to the console; each acts as an admin of one organisation.
 * An e-mail address is unique within its organisation only, so that adding a manager never tells
 * whether the address has an account in another organisation (db/managers.ts).
 */
export const managers = sqliteTable(
  "managers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`. */
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("managers_org").on(t.orgId), uniqueIndex("managers_org_email").on(t.orgId, t.email), index("managers_email").on(t.email, t.id)],
);

/** Console sessions: a bearer token (stored hashed) with an expiry; signing out revokes it. */
export const managerSessions = sqliteTable(
  "manager_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    managerId: integer("manager_id").notNull(),
    orgId: integer("org_id").notNull(),
    prefix: text("prefix").notNull().unique(),
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("manager_sessions_manager").on(t.managerId)],
);

/** Failed sign-ins per e-mail address in the current window, to throttle password guessing. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: integer("window_start").notNull(),
});
