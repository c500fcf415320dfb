/**
 * D1 limits the local simulator does not enforce: at most 100 bound parameters a statement, SQL
 * text of at most 100,000 bytes, and strings (bound parameters too) of at most 1,000,000 bytes.
 * The app runs over a D1 binding that records every statement it is sent, driven with the largest
 * inputs the API accepts.
 *
 * D1 now holds organisations, the program catalogue, credentials (admin and ingest keys,
 * participant tokens), webhooks and their deliveries, and managers with their sessions: the writes
 * of those are checked here. Each program's ledger (participants, opt-in histories, events,
 * rollups, reports) moved into its engine, a Durable Object with its own SQLite: ingestion and
 * re-scoring no longer send D1 anything but the credential's and program's reads, so the cases that
 * checked their D1 writes (an event batch's writes as one batch() call, its rows in D1's events
 * and unscored_events, re-scored daily_rollups) now check that they write nothing to D1. The
 * engine's SQLite has the same statement limits (100 parameters, 100,000 bytes of SQL, which
 * workerd enforces locally) and strings and rows of at most 2 MB (which it does not): the engine
 * binds lists as one JSON parameter, and its statements are recorded and checked here too.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/app";
import type { Answer, Call } from "./api";
import { newOrg, OPERATOR_KEY, unique } from "./api";
import { engineCount, engineOfSlug, engineProgram, engineRows, rollups, storedEvents } from "./checks";

// Large inputs: on a machine busy with other suites, some calls outlast the 5-second default.
vi.setConfig({ testTimeout: 30_000 });

const MAX_PARAMETERS = 100;
const MAX_SQL_BYTES = 100_000;
const MAX_STRING_BYTES = 1_000_000;
/** A Durable Object's SQLite: strings, BLOBs and rows of at most 2 MB (its other limits are D1's). */
const ENGINE_MAX_STRING_BYTES = 2_000_000;

interface Sent {
  sql: string;
  params: unknown[];
  /** The index of the batch() call it was sent in, or null for a statement run on its own. */
  batch: number | null;
}

interface Recorder {
  db: D1Database;
  sent: Sent[];
  batches: number;
}

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

/** A D1 binding that passes everything to `real` and records each statement as it is run. */
function recordingD1(real: D1Database): Recorder {
  const recorder: Recorder = { db: null!, sent: [], batches: 0 };
  class Statement {
    constructor(
      readonly sql: string,
      readonly params: unknown[],
      readonly real: D1PreparedStatement,
    ) {}
    bind(...params: unknown[]) {
      return new Statement(this.sql, params, this.real.bind(...params));
    }
    private record() {
      recorder.sent.push({ sql: this.sql, params: this.params, batch: null });
    }
    first(column?: string) {
      this.record();
      return column === undefined ? this.real.first() : this.real.first(column);
    }
    run() {
      this.record();
      return this.real.run();
    }
    all() {
      this.record();
      return this.real.all();
    }
    raw(options?: { columnNames?: boolean }) {
      this.record();
      return options?.columnNames ? this.real.raw({ columnNames: true }) : this.real.raw();
    }
  }
  recorder.db = {
    prepare: (sql: string) => new Statement(sql, [], real.prepare(sql)),
    batch: (statements: Statement[]) => {
      const index = recorder.batches++;
      for (const s of statements) recorder.sent.push({ sql: s.sql, params: s.params, batch: index });
      return real.batch(statements.map((s) => s.real));
    },
    exec: (query: string) => real.exec(query),
    dump: () => real.dump(),
    withSession: () => {
      throw new Error("not used");
    },
  } as unknown as D1Database;
  return recorder;
}

/** An API over a recording D1; `last` holds what the latest call sent. */
function recordedApi(now = Date.parse("2026-12-01T12:00:00Z")) {
  const app = createApp({ now: () => now });
  let last = recordingD1(env.DB);
  async function call<T = any>(method: string, path: string, c: Call = {}): Promise<Answer<T>> {
    last = recordingD1(env.DB);
    engineSent = [];
    const headers: Record<string, string> = { ...c.headers };
    if (c.key) headers.Authorization = `Bearer ${c.key}`;
    let body = c.raw;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers["Content-Type"] = "application/json";
    }
    const request = new Request(`http://leadboard.test${path}`, { method, headers, body });
    const response = await app.fetch(request, { ...env, DB: last.db });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }
  return { call, recorded: () => last };
}

/** Asserts every statement of the call kept within D1's limits, naming the first that did not. */
function expectWithinD1Limits(recorder: Recorder) {
  // (A call may send D1 nothing at all: credentials and programs are kept a few seconds in the isolate.)
  for (const s of recorder.sent) {
    const where = s.sql.replace(/\s+/g, " ").slice(0, 120);
    expect(s.params.length, `parameters of: ${where}`).toBeLessThanOrEqual(MAX_PARAMETERS);
    expect(bytes(s.sql), `SQL length of: ${where}`).toBeLessThanOrEqual(MAX_SQL_BYTES);
    for (const p of s.params) {
      if (typeof p === "string") expect(bytes(p), `a string bound to: ${where}`).toBeLessThanOrEqual(MAX_STRING_BYTES);
    }
  }
}

interface EngineSent {
  sql: string;
  params: unknown[];
}

/** What the engine's SqlStorage ran since the last call of the recorded API (drizzle's statements included). */
let engineSent: EngineSent[] = [];
const ORIGINAL_EXEC = Symbol("exec");

/** From now on, records every statement the program's engine runs on its SQLite into `engineSent`. */
async function recordEngine(slug: string): Promise<void> {
  await runInDurableObject(await engineOfSlug(slug), (_engine, state) => {
    const sql = state.storage.sql as SqlStorage & { [ORIGINAL_EXEC]?: SqlStorage["exec"] };
    const exec = (sql[ORIGINAL_EXEC] ??= sql.exec);
    sql.exec = ((query: string, ...params: SqlStorageValue[]) => {
      engineSent.push({ sql: query, params });
      return exec.call(sql, query, ...params);
    }) as SqlStorage["exec"];
  });
}

/** Asserts every statement the engine ran kept within its SQLite's limits, naming the first that did not. */
function expectWithinEngineLimits(sent: EngineSent[]) {
  for (const s of sent) {
    const where = s.sql.replace(/\s+/g, " ").slice(0, 120);
    expect(s.params.length, `parameters of: ${where}`).toBeLessThanOrEqual(MAX_PARAMETERS);
    expect(bytes(s.sql), `SQL length of: ${where}`).toBeLessThanOrEqual(MAX_SQL_BYTES);
    for (const p of s.params) {
      if (typeof p === "string") expect(bytes(p), `a string bound to: ${where}`).toBeLessThanOrEqual(ENGINE_MAX_STRING_BYTES);
    }
  }
}

/** The engine's statements that write to `table`. */
const engineWrites = (table: string) =>
  engineSent.filter((s) => new RegExp(`^\\s*(INSERT( OR \\w+)?|UPDATE|DELETE FROM|REPLACE)\\s+(INTO\\s+)?"?${table}\\b`, "i").test(s.sql));

const isWrite = (sql: string) => /\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql) || !/^\s*(SELECT|WITH)\b/i.test(sql);

/** The batch() calls that carry a write: reads go in batches too (the raw reads a request starts together travel as one). */
const writeBatches = (recorder: Recorder) => [...new Set(recorder.sent.filter((s) => s.batch !== null && isWrite(s.sql)).map((s) => s.batch))];

/** Text of `n` characters of 4 bytes each in UTF-8: the most bytes a field of n characters can take. */
const wide = (n: number, stem = "") => stem + "😀".repeat(n - [...stem].length);
/** An id of `n` characters, distinct by its number. */
const longId = (i: number, n = 128) => `${i}-`.padEnd(n, "x");

describe("the recording D1 binding", () => {
  it("sees a statement with more than 100 parameters", async () => {
    const recorder = recordingD1(env.DB);
    const params = Array.from({ length: 101 }, (_, i) => i);
    // (This simulator refuses it too; D1 certainly does.)
    await recorder.db
      .prepare(`SELECT ${params.map(() => "?").join(", ")}`)
      .bind(...params)
      .raw()
      .catch(() => null);
    expect(recorder.sent.map((s) => s.params.length)).toEqual([101]);
    expect(() => expectWithinD1Limits(recorder)).toThrow(/parameters/);
  });

  it("sees a bound string over 1,000,000 bytes", async () => {
    const recorder = recordingD1(env.DB);
    await recorder.db
      .prepare("SELECT length(?)")
      .bind("x".repeat(MAX_STRING_BYTES + 1))
      .first();
    expect(() => expectWithinD1Limits(recorder)).toThrow(/string bound/);
  });
});

describe("every write endpoint stays within D1's limits with the largest inputs", () => {
  const { call, recorded } = recordedApi();
  const slug = unique("max").padEnd(64, "x");
  const base = `/v1/programs/${slug}`;
  let adminKey: string;
  let orgSlug: string;
  const participantIds = Array.from({ length: 1000 }, (_, i) => longId(i, 128));
  const metricKeys = Array.from({ length: 100 }, (_, i) => `${i}-`.padEnd(64, "m"));
  const teamKeys = Array.from({ length: 1000 }, (_, i) => `${i}-`.padEnd(64, "t"));

  const documentWith = (pointsOf: (i: number) => number, effectiveFrom?: string) => ({
    name: wide(200),
    timezone: "America/Argentina/ComodRivadavia", // the longest zone name
    requireOptIn: false,
    visibility: "public",
    teamAggregation: "sum",
    metrics: metricKeys.map((key, i) => ({
      key,
      name: wide(200),
      indicator: i % 10 === 9 ? "lag" : "lead",
      aggregation: i % 2 ? "sum" : "count",
      points: pointsOf(i),
      dailyCap: i % 3 ? 999999.99 : null,
      ...(effectiveFrom ? { effectiveFrom } : {}),
    })),
    // A tree: each team's parent comes before it, three children a parent.
    teams: teamKeys.map((key, i) => ({ key, name: wide(200), parent: i === 0 ? null : teamKeys[Math.floor((i - 1) / 3)] })),
    targets: teamKeys.map((key, i) => ({
      key,
      subject: i % 2 ? { team: key } : { participant: wide(128) },
      metric: i % 4 < 2 ? metricKeys[i % 100] : null,
      period: (["week", "month", "quarter"] as const)[i % 3],
      value: 999999999.99,
    })),
  });

  /** 1000 events of distinct ids, spread over participants, metrics and days, about 1 MiB in all. */
  const eventBatch = (round: number) =>
    Array.from({ length: 1000 }, (_, i) => ({
      id: longId(round * 1000 + i, 128),
      participant: participantIds[(i * 7) % 1000],
      metric: metricKeys[i % 100],
      occurredAt: new Date(Date.parse("2026-10-01T00:00:00Z") + i * 3_600_000 + round * 60_000).toISOString(),
      ...(i % 2 ? { value: 12345.67 } : {}),
      attributes: { note: `${i}`.padEnd(560, "n"), source: "crm" },
    }));

  /** The D1 statements of the latest call that write. */
  const d1Writes = () => recorded().sent.filter((s) => isWrite(s.sql));

  beforeAll(async () => {
    ({ adminKey, slug: orgSlug } = await newOrg());
  });

  it("POST /v1/orgs", async () => {
    const res = await call("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug: unique("org").padEnd(64, "o"), name: wide(200) } });
    expect(res.status).toBe(201);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
  });

  it("PUT a program with 100 metrics, 1000 teams and 1000 targets, and PUT it again", async () => {
    const created = await call("PUT", base, { key: adminKey, body: documentWith((i) => i + 0.25) });
    expect(created.status).toBe(201);
    expect(created.body.metrics).toHaveLength(100);
    expect(created.body.teams).toHaveLength(1000);
    expect(created.body.targets).toHaveLength(1000);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
    // The engine keeps the whole document as one JSON string.
    const [{ size }] = await engineRows<{ size: number }>(slug, "SELECT length(CAST(value AS BLOB)) AS size FROM program_state WHERE key = 'program'");
    expect(size).toBeLessThanOrEqual(ENGINE_MAX_STRING_BYTES);

    // From here on, what the engine runs is recorded too.
    await recordEngine(slug);
    const again = await call("PUT", base, { key: adminKey, body: documentWith((i) => i + 0.5) });
    expect(again.status).toBe(200);
    expectWithinD1Limits(recorded());
    expect(engineWrites("program_state")).toHaveLength(1);
    expectWithinEngineLimits(engineSent);
    expect((await call("GET", base, { key: adminKey })).status).toBe(200);
    expectWithinD1Limits(recorded());
  });

  it("PUT 1000 participants, twice (insert, then update): within the engine's limits, and no D1 write", async () => {
    const participants = participantIds.map((id, i) => ({ id, displayName: wide(200), team: teamKeys[i], cohort: wide(100) }));
    for (let round = 0; round < 2; round++) {
      const res = await call("PUT", `${base}/participants`, { key: adminKey, body: { participants } });
      expect(res.body).toEqual({ upserted: 1000 });
      expectWithinD1Limits(recorded());
      expect(d1Writes()).toEqual([]);
      expect(engineWrites("participants")).toHaveLength(1);
      expectWithinEngineLimits(engineSent);
    }
    expect(await engineCount(slug, "participants")).toBe(1000);
  });

  it("PUT 1000 participants with the longest ids, names and cohorts, through the engine", async () => {
    // 128 code points of 4 bytes each, distinct by a number at the start.
    const ids = Array.from({ length: 1000 }, (_, i) => wide(128, `w${i}-`));
    const participants = ids.map((id, i) => ({ id, displayName: wide(200, `${i}`), team: teamKeys[i], cohort: wide(100, `${i % 10}`) }));
    const res = await call("PUT", `${base}/participants`, { key: adminKey, body: { participants } });
    expect(res.body).toEqual({ upserted: 1000 });
    expectWithinD1Limits(recorded());
    expect(d1Writes()).toEqual([]);
    const [insert] = engineWrites("participants");
    expect(
      insert.params.some((p) => typeof p === "string" && bytes(p) > 1_000_000),
      "one JSON parameter of more than D1's 1,000,000 bytes",
    ).toBe(true);
    expectWithinEngineLimits(engineSent);
    const stored = await engineRows<{ id: string; display_name: string; cohort: string }>(
      slug,
      "SELECT id, display_name, cohort FROM participants WHERE id IN (SELECT value FROM json_each(?)) ORDER BY pk",
      JSON.stringify(ids),
    );
    expect(stored.map((r) => [r.id, r.display_name, r.cohort])).toEqual(participants.map((p) => [p.id, p.displayName, p.cohort]));
    const card = await call("GET", `${base}/participants/${encodeURIComponent(ids[999])}/score`, { key: adminKey });
    expect(card.body).toMatchObject({ id: ids[999], displayName: participants[999].displayName });
  });

  it("opt-in, opt-out, token and keys", async () => {
    const id = encodeURIComponent(participantIds[0]);
    expect((await call("POST", `${base}/participants/${id}/opt-in`, { key: adminKey, body: { at: "2020-01-01T00:00:00Z" } })).status).toBe(200);
    expectWithinD1Limits(recorded());
    expect((await call("POST", `${base}/participants/${id}/opt-out`, { key: adminKey, body: { at: "2021-01-01T00:00:00Z" } })).status).toBe(200);
    expectWithinD1Limits(recorded());
    expect((await call("POST", `${base}/participants/${id}/token`, { key: adminKey })).status).toBe(201);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
    const key = (await call("POST", `${base}/keys`, { key: adminKey, body: { role: "ingest" } })).body.key;
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
    expect((await call("GET", `${base}/keys`, { key: adminKey })).body.keys).toHaveLength(1);
    expectWithinD1Limits(recorded());
    expect((await call("DELETE", `${base}/keys/${key.slice(0, 12)}`, { key: adminKey })).status).toBe(204);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
  });

  it("webhooks: the longest URL, listed and deleted", async () => {
    const url = `https://example.com/${"h".repeat(2048 - "https://example.com/".length)}`;
    const created = await call("POST", `${base}/webhooks`, { key: adminKey, body: { url, events: ["report.published"] } });
    expect(created.status).toBe(201);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
    expect((await call("GET", `${base}/webhooks`, { key: adminKey })).body.webhooks.map((w: { url: string }) => w.url)).toEqual([url]);
    expectWithinD1Limits(recorded());
    expect((await call("DELETE", `${base}/webhooks/${created.body.id}`, { key: adminKey })).status).toBe(204);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
  });

  it("managers: created with the longest e-mail, name and password, signed in and out", async () => {
    const email = `${unique("m")}@${"d".repeat(200)}.example.com`.slice(-254).replace(/^[^a-z0-9]*/, "m");
    const password = "p".repeat(200);
    const created = await call("POST", `/v1/orgs/${orgSlug}/managers`, { key: OPERATOR_KEY, body: { email, name: wide(200), password } });
    expect(created.status).toBe(201);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
    const session = await call("POST", "/v1/sessions", { body: { email, password } });
    expect(session.status).toBe(201);
    expectWithinD1Limits(recorded());
    expect((await call("DELETE", "/v1/sessions/current", { key: session.body.token })).status).toBe(204);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
  });

  // Ingestion writes nothing to D1: the engine stores the batch (one INSERT of its events, in the
  // one transaction of its call) where D1 once took one batch() of events and unscored_events.
  it("POST 1000 events of about 1 MiB: no D1 write; the engine stores them with one INSERT, within its limits", async () => {
    const events = eventBatch(0);
    const size = bytes(JSON.stringify({ events }));
    expect(size).toBeGreaterThan(1_000_000);
    expect(size).toBeLessThanOrEqual(1024 * 1024);

    const res = await call("POST", `${base}/events`, { key: adminKey, body: { events } });
    expect(res.body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
    expectWithinD1Limits(recorded());
    expect(d1Writes()).toEqual([]);
    expect(writeBatches(recorded())).toEqual([]);
    expect(engineWrites("events")).toHaveLength(1);
    expectWithinEngineLimits(engineSent);
    expect(await engineCount(slug, "events")).toBe(1000);
  });

  it("a retry of the 1000 events writes nothing: no D1 statement that writes, no event or rollup in the engine", async () => {
    const res = await call("POST", `${base}/events`, { key: adminKey, body: { events: eventBatch(0) } });
    expect(res.body).toEqual({ accepted: 0, duplicates: 1000, rejected: [] });
    const recorder = recorded();
    expectWithinD1Limits(recorder);
    expect(writeBatches(recorder)).toEqual([]);
    expect(recorder.sent.filter((s) => isWrite(s.sql))).toEqual([]);
    expect([...engineWrites("events"), ...engineWrites("rollups")]).toEqual([]);
    expectWithinEngineLimits(engineSent);
  });

  it("a batch of 1000 whose attributes are all quotes, within 1 MiB", async () => {
    const quotes = Array.from({ length: 1000 }, (_, i) => ({
      id: `q${i}`,
      participant: participantIds[i],
      metric: metricKeys[0],
      occurredAt: "2026-11-20T10:00:00Z",
      attributes: { q: '"'.repeat(330) },
    }));
    expect(bytes(JSON.stringify({ events: quotes }))).toBeLessThanOrEqual(1024 * 1024);
    expect((await call("POST", `${base}/events`, { key: adminKey, body: { events: quotes } })).body.accepted).toBe(1000);
    expectWithinD1Limits(recorded());
    expect(d1Writes()).toEqual([]);
    expect(engineWrites("events")).toHaveLength(1);
    expectWithinEngineLimits(engineSent);
    const results = await engineRows(slug, "SELECT attributes, COUNT(*) AS n FROM events WHERE id LIKE 'q%' GROUP BY attributes");
    expect(results).toEqual([{ attributes: JSON.stringify({ q: '"'.repeat(330) }), n: 1000 }]);
  });

  it("a batch of 1000 whose attributes hold as many quotes as 1 MiB allows: each doubles in the engine's JSON parameter", async () => {
    // A quote is 2 bytes in the body (\") and in the stored attributes, and 4 in the list the engine binds (\\\").
    await call("PUT", `${base}/participants`, { key: adminKey, body: { participants: [{ id: "p", displayName: "P", team: null, cohort: null }] } });
    const event = (i: number, quotes: number) => ({
      id: `Q${i}`,
      participant: "p",
      metric: metricKeys[0],
      occurredAt: "2026-11-20T10:00:00Z",
      attributes: { "": '"'.repeat(quotes) },
    });
    const body = (quotes: number) => JSON.stringify({ events: Array.from({ length: 1000 }, (_, i) => event(i, quotes)) });
    let quotes = 400;
    while (bytes(body(quotes + 1)) <= 1024 * 1024) quotes++;
    const res = await call("POST", `${base}/events`, { key: adminKey, raw: body(quotes), headers: { "Content-Type": "application/json" } });
    expect(res.body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
    const [insert] = engineWrites("events");
    expect(Math.max(...insert.params.map((p) => (typeof p === "string" ? bytes(p) : 0)))).toBeGreaterThan(1_800_000);
    expectWithinEngineLimits(engineSent);
    expect(await engineCount(slug, "events", "id GLOB 'Q*'")).toBe(1000);
  });

  it("a batch whose id or participant is most of 1 MiB: the reads started before the credential is checked keep within the limits", async () => {
    const huge = [
      { id: "x".repeat(1_040_000), participant: participantIds[0], metric: metricKeys[0], occurredAt: "2026-11-20T10:00:00Z" },
      { id: "huge-participant", participant: "é".repeat(520_000), metric: metricKeys[0], occurredAt: "2026-11-20T10:00:00Z" },
    ];
    for (const event of huge) {
      expect(bytes(JSON.stringify({ events: [event] }))).toBeLessThanOrEqual(1024 * 1024);
      const res = await call("POST", `${base}/events`, { key: adminKey, body: { events: [event] } });
      expect(res.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, reason: "invalid" }] });
      expectWithinD1Limits(recorded());
      expectWithinEngineLimits(engineSent);
    }
  });

  it("1000 ids of 128 control characters, each 6 bytes as JSON: within the limits, for a known key and an unknown one", async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      id: `${i}`.padEnd(128, "\u0001"),
      participant: participantIds[i],
      metric: metricKeys[0],
      occurredAt: "2026-11-20T10:00:00Z",
    }));
    expect(bytes(JSON.stringify({ events }))).toBeLessThanOrEqual(1024 * 1024);
    expect((await call("POST", `${base}/events`, { key: `lba_${"x".repeat(43)}`, body: { events } })).status).toBe(401);
    expectWithinD1Limits(recorded());
    expect((await call("POST", `${base}/events`, { key: adminKey, body: { events } })).body.accepted).toBe(1000);
    expectWithinD1Limits(recorded());
    expectWithinEngineLimits(engineSent);
  });

  it("1000 events whose ids are about 1 MiB in all (escaped in the body), through the engine, and their retry", async () => {
    const countKeys = metricKeys.filter((_, i) => i % 2 === 0); // count metrics: no value needed
    // Code points written as \ud83d\ude00, 12 bytes each in the body: as many as 1 MiB holds, about 900 bytes an id.
    const idsOf = (n: number) => Array.from({ length: 1000 }, (_, i) => `E${i}-${"😀".repeat(n)}`);
    const escaped = (id: string) => JSON.stringify(id).replaceAll("😀", "\\ud83d\\ude00");
    const bodyOf = (ids: string[]) =>
      `{"events":[${ids
        .map((id, i) => `{"id":${escaped(id)},"participant":"p","metric":${JSON.stringify(countKeys[i % 50])},"occurredAt":"2026-11-21T10:00:00Z"}`)
        .join(",")}]}`;
    let n = 60;
    while (bytes(bodyOf(idsOf(n + 1))) <= 1024 * 1024) n++;
    const ids = idsOf(n);
    const raw = bodyOf(ids);
    const idBytes = ids.reduce((sum, id) => sum + bytes(escaped(id)), 0);
    expect(idBytes).toBeGreaterThan(900_000);
    expect(bytes(raw)).toBeLessThanOrEqual(1024 * 1024);
    for (const [round, want] of [
      [0, { accepted: 1000, duplicates: 0 }],
      [1, { accepted: 0, duplicates: 1000 }],
    ] as const) {
      const res = await call("POST", `${base}/events`, { key: adminKey, raw, headers: { "Content-Type": "application/json" } });
      expect(res.body, `round ${round}`).toEqual({ ...want, rejected: [] });
      expectWithinD1Limits(recorded());
      expect(d1Writes()).toEqual([]);
      expectWithinEngineLimits(engineSent);
    }
    const stored = await engineRows<{ id: string }>(
      slug,
      "SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
      JSON.stringify(ids),
    );
    expect(stored.map((r) => r.id)).toEqual([...ids].sort());
  });

  it("a weekly report of the Power 100 with the longest names, announced to a webhook", async () => {
    // 2026-W41 holds the hours 96 to 263 of the first batch: one event each of as many participants.
    const hook = await call("POST", `${base}/webhooks`, { key: adminKey, body: { url: "https://example.com/report", events: ["report.published"] } });
    expect(hook.status).toBe(201);
    const res = await call("POST", `${base}/reports/weekly/2026-W41`, { key: adminKey });
    expect(res.status).toBe(201);
    expect(res.body.entries.length).toBeGreaterThanOrEqual(100);
    expect(res.body.entries.every((e: { rank: number }) => e.rank <= 100)).toBe(true);
    expectWithinD1Limits(recorded());
    expect(d1Writes().some((s) => /webhook_deliveries/.test(s.sql))).toBe(true);
    expect(engineWrites("weekly_reports")).toHaveLength(1);
    expectWithinEngineLimits(engineSent);
  });

  it("DELETE a participant: their tokens in D1, their ledger in the engine", async () => {
    const id = encodeURIComponent(participantIds[1]);
    expect((await call("POST", `${base}/participants/${id}/token`, { key: adminKey })).status).toBe(201);
    expect((await call("DELETE", `${base}/participants/${id}`, { key: adminKey })).status).toBe(204);
    expectWithinD1Limits(recorded());
    expect(d1Writes().length).toBeGreaterThan(0);
    expectWithinEngineLimits(engineSent);
    expect(engineWrites("events").length).toBeGreaterThan(0);
  });

  // Re-scoring writes nothing to D1 either: the engine re-scores its own rollups.
  it("PUT changed weights of all 100 metrics, re-scoring every stored day in the engine", async () => {
    const res = await call("PUT", base, { key: adminKey, body: documentWith((i) => i + 1, "2026-09-01") });
    expect(res.status).toBe(200);
    expectWithinD1Limits(recorded());
    expect(engineWrites("rollups").length).toBeGreaterThan(0);
    expectWithinEngineLimits(engineSent);
    // Every stored day is scored by the one version left, dated 2026-09-01.
    const metrics = new Map((await engineProgram(slug)).metrics.map((m) => [m.key, m]));
    const all = await rollups(slug);
    expect(all.length).toBeGreaterThan(1000);
    const wrong = all.filter((r) => {
      const m = metrics.get(r.metric)!;
      expect(m.versions.map((v) => v.effectiveFrom)).toEqual(["2026-09-01"]);
      return r.points !== (m.indicator === "lead" ? r.capped_h * m.versions[0].pointsH : 0);
    });
    expect(wrong).toEqual([]);
    expect((await storedEvents(slug)).length).toBe(await engineCount(slug, "events"));
  });

  it("a weekly report whose ties put about 1000 entries in it (all rank ≤ 100), announced to a webhook", async () => {
    // The participants of the quotes batch tie in 2026-W47: every one of them is in the Power 100, so
    // the report, and the payload of its delivery to the webhook made above, hold about 1000 entries.
    const res = await call("POST", `${base}/reports/weekly/2026-W47`, { key: adminKey });
    expect(res.status).toBe(201);
    expect(res.body.entries.length).toBeGreaterThan(990);
    expect(res.body.entries.every((e: { rank: number }) => e.rank <= 100)).toBe(true);
    expect(engineWrites("weekly_reports")).toHaveLength(1);
    expectWithinEngineLimits(engineSent);
    expectWithinD1Limits(recorded());
  });

  // Each delivery row binds 7 parameters: past 14 webhooks, one INSERT of them all binds more than 100.
  it("a weekly report announced to 15 webhooks", async () => {
    for (let i = 0; i < 14; i++) {
      const hook = await call("POST", `${base}/webhooks`, { key: adminKey, body: { url: `https://example.com/report-${i}`, events: ["report.published"] } });
      expect(hook.status).toBe(201);
    }
    const res = await call("POST", `${base}/reports/weekly/2026-W42`, { key: adminKey });
    expect(res.status).toBe(201);
    expectWithinD1Limits(recorded());
  });
});
