/**
 * D1 limits the local simulator does not enforce: at most 100 bound parameters a statement, SQL
 * text of at most 100,000 bytes, and strings (bound parameters too) of at most 1,000,000 bytes.
 * The app runs over a D1 binding that records every statement it is sent, driven with the largest
 * inputs the API accepts. Also: the writes of an event batch go to D1 as one batch() call.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import type { Answer, Call } from "./api";
import { newOrg, OPERATOR_KEY, unique } from "./api";

const MAX_PARAMETERS = 100;
const MAX_SQL_BYTES = 100_000;
const MAX_STRING_BYTES = 1_000_000;

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
  expect(recorder.sent.length).toBeGreaterThan(0);
  for (const s of recorder.sent) {
    const where = s.sql.replace(/\s+/g, " ").slice(0, 120);
    expect(s.params.length, `parameters of: ${where}`).toBeLessThanOrEqual(MAX_PARAMETERS);
    expect(bytes(s.sql), `SQL length of: ${where}`).toBeLessThanOrEqual(MAX_SQL_BYTES);
    for (const p of s.params) {
      if (typeof p === "string") expect(bytes(p), `a string bound to: ${where}`).toBeLessThanOrEqual(MAX_STRING_BYTES);
    }
  }
}

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
    await recorder.db.prepare(`SELECT ${params.map(() => "?").join(", ")}`).bind(...params).raw().catch(() => null);
    expect(recorder.sent.map((s) => s.params.length)).toEqual([101]);
    expect(() => expectWithinD1Limits(recorder)).toThrow(/parameters/);
  });

  it("sees a bound string over 1,000,000 bytes", async () => {
    const recorder = recordingD1(env.DB);
    await recorder.db.prepare("SELECT length(?)").bind("x".repeat(MAX_STRING_BYTES + 1)).first();
    expect(() => expectWithinD1Limits(recorder)).toThrow(/string bound/);
  });
});

describe("every write endpoint stays within D1's limits with the largest inputs", () => {
  const { call, recorded } = recordedApi();
  const slug = unique("max").padEnd(64, "x");
  const base = `/v1/programs/${slug}`;
  let adminKey: string;
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

  beforeAll(async () => {
    adminKey = (await newOrg()).adminKey;
  });

  it("POST /v1/orgs", async () => {
    const res = await call("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug: unique("org").padEnd(64, "o"), name: wide(200) } });
    expect(res.status).toBe(201);
    expectWithinD1Limits(recorded());
  });

  it("PUT a program with 100 metrics, 1000 teams and 1000 targets, and PUT it again", async () => {
    const created = await call("PUT", base, { key: adminKey, body: documentWith((i) => i + 0.25) });
    expect(created.status).toBe(201);
    expect(created.body.metrics).toHaveLength(100);
    expect(created.body.teams).toHaveLength(1000);
    expect(created.body.targets).toHaveLength(1000);
    expectWithinD1Limits(recorded());

    const again = await call("PUT", base, { key: adminKey, body: documentWith((i) => i + 0.5) });
    expect(again.status).toBe(200);
    expectWithinD1Limits(recorded());
    expect((await call("GET", base, { key: adminKey })).status).toBe(200);
    expectWithinD1Limits(recorded());
  });

  it("PUT 1000 participants, twice (insert, then update)", async () => {
    const participants = participantIds.map((id, i) => ({ id, displayName: wide(200), team: teamKeys[i], cohort: wide(100) }));
    for (let round = 0; round < 2; round++) {
      const res = await call("PUT", `${base}/participants`, { key: adminKey, body: { participants } });
      expect(res.body).toEqual({ upserted: 1000 });
      expectWithinD1Limits(recorded());
    }
  });

  it("opt-in, opt-out, token and keys", async () => {
    const id = encodeURIComponent(participantIds[0]);
    expect((await call("POST", `${base}/participants/${id}/opt-in`, { key: adminKey, body: { at: "2020-01-01T00:00:00Z" } })).status).toBe(200);
    expectWithinD1Limits(recorded());
    expect((await call("POST", `${base}/participants/${id}/opt-out`, { key: adminKey, body: { at: "2021-01-01T00:00:00Z" } })).status).toBe(200);
    expectWithinD1Limits(recorded());
    expect((await call("POST", `${base}/participants/${id}/token`, { key: adminKey })).status).toBe(201);
    expectWithinD1Limits(recorded());
    const key = (await call("POST", `${base}/keys`, { key: adminKey, body: { role: "ingest" } })).body.key;
    expectWithinD1Limits(recorded());
    expect((await call("GET", `${base}/keys`, { key: adminKey })).body.keys).toHaveLength(1);
    expectWithinD1Limits(recorded());
    expect((await call("DELETE", `${base}/keys/${key.slice(0, 12)}`, { key: adminKey })).status).toBe(204);
    expectWithinD1Limits(recorded());
  });

  it("POST 1000 events of about 1 MiB, storing them and queueing them for scoring as one batch()", async () => {
    const events = eventBatch(0);
    const size = bytes(JSON.stringify({ events }));
    expect(size).toBeGreaterThan(1_000_000);
    expect(size).toBeLessThanOrEqual(1024 * 1024);

    const res = await call("POST", `${base}/events`, { key: adminKey, body: { events } });
    expect(res.body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
    const recorder = recorded();
    expectWithinD1Limits(recorder);
    const writes = writeBatches(recorder);
    expect(writes).toHaveLength(1);
    const outside = recorder.sent.filter((s) => s.batch === null);
    expect(outside.filter((s) => isWrite(s.sql)).map((s) => s.sql)).toEqual([]);
    const inBatch = recorder.sent.filter((s) => s.batch === writes[0]).map((s) => s.sql);
    for (const table of ["events", "unscored_events"]) {
      expect(inBatch.some((sql) => new RegExp(`INSERT INTO ${table}\\b`).test(sql)), table).toBe(true);
    }
    const { stored } = (await env.DB.prepare("SELECT COUNT(*) AS stored FROM events WHERE program_id = (SELECT id FROM programs WHERE slug = ?)")
      .bind(slug)
      .first<{ stored: number }>())!;
    expect(stored).toBe(1000);
  });

  it("a retry of the 1000 events writes nothing", async () => {
    const res = await call("POST", `${base}/events`, { key: adminKey, body: { events: eventBatch(0) } });
    expect(res.body).toEqual({ accepted: 0, duplicates: 1000, rejected: [] });
    const recorder = recorded();
    expectWithinD1Limits(recorder);
    expect(writeBatches(recorder)).toEqual([]);
    expect(recorder.sent.filter((s) => isWrite(s.sql))).toEqual([]);
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
    expect(writeBatches(recorded())).toHaveLength(1);
    const { results } = await env.DB.prepare(
      "SELECT attributes, COUNT(*) AS n FROM events WHERE program_id = (SELECT id FROM programs WHERE slug = ?) AND id LIKE 'q%' GROUP BY attributes",
    )
      .bind(slug)
      .all();
    expect(results).toEqual([{ attributes: JSON.stringify({ q: '"'.repeat(330) }), n: 1000 }]);
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
  });

  it("PUT changed weights of all 100 metrics, re-scoring every stored day", async () => {
    const res = await call("PUT", base, { key: adminKey, body: documentWith((i) => i + 1, "2026-09-01") });
    expect(res.status).toBe(200);
    expectWithinD1Limits(recorded());
    const rescored = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM daily_rollups d JOIN metrics m ON m.id = d.metric_id JOIN metric_versions v ON v.metric_id = m.id
       WHERE d.program_id = (SELECT id FROM programs WHERE slug = ?) AND m.indicator = 'lead' AND d.points <> d.capped_h * v.points_h`,
    )
      .bind(slug)
      .first<{ n: number }>();
    expect(rescored!.n).toBe(0);
  });
});
