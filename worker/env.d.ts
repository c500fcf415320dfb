/** Bindings and settings of the worker (wrangler.toml, or vitest.config.ts under test). */
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    /** Each program's ledger and live boards (worker/engine). */
    PROGRAM_ENGINE: DurableObjectNamespace<import("./engine/program-engine").ProgramEngine>;
    /** Rate limits (worker/rate-limit.ts): ingestion per credential, manager sign-in per e-mail address. */
    INGEST_LIMITER?: RateLimit;
    LOGIN_LIMITER?: RateLimit;
    /** Webhook destinations (worker/webhooks/destination.ts): "true" allows plain http, for local use only. */
    ALLOW_HTTP_WEBHOOKS?: string;
    /** Webhook destinations exempt from the internal-address check (a local receiver): `host[:port]`, comma-separated. */
    WEBHOOK_ALLOWED_HOSTS?: string;
    /** The operator key: may create organisations. */
    OPERATOR_KEY?: string;
    /** Under test only: the migrations to apply before the tests. */
    TEST_MIGRATIONS: import("@cloudflare/vitest-plugin").D1Migration[];
    /** Under test only: the local webhook receiver (test/receiver). */
    RECEIVER_URL: string;
  }
}
type Env = Cloudflare.Env;
