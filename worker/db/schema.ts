/**
 * The D1 schema: what spans programs (organisations, the program catalogue, credentials, managers
 * and their sessions, webhooks). Each program's ledger lives in its own engine (worker/engine).
 * Migrations in /migrations are generated from this file (`npm run db:generate`). Instants are
 * epoch milliseconds.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    /** A participant token's participant: their row number in the program's engine. */
    participantPk: integer("participant_pk"),
    role: text("role", { enum: ["admin", "ingest", "participant"] }).notNull(),
    prefix: text("prefix").notNull().unique(),
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("credentials_program").on(t.programId, t.role), index("credentials_participant").on(t.programId, t.participantPk)],
);

/**
 * The program catalogue: who owns each slug, and the settings that listing and access need. The
 * program's document and ledger live in its engine, addressed by `id`.
 */
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
