/**
 * Hostile input (property-based, fast-check): arbitrary JSON bodies, wrong types, huge and deeply
 * nested values, odd Unicode, numbers such as 1e309, -0 and three decimal places, oversized batches,
 * and arbitrary path segments and query strings. Every answer is below 500; every error is a JSON
 * error of SPEC §4's shape; and nothing hostile is stored (row counts of every table are unchanged).
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, type Answer, addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { engineCount, engineRows, expectError } from "./checks";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);
const RUNS = 40;

type Program = Awaited<ReturnType<typeof newProgram>>;

/** D1's tables: organisations, the program catalogue, credentials, webhooks and managers. */
const D1_TABLES = ["orgs", "credentials", "programs", "webhooks", "webhook_deliveries", "managers", "manager_sessions"];
/** The program engine's ledger (its program_state row, with metrics, teams and targets, is compared whole). */
const ENGINE_TABLES = ["participants", "opt_toggles", "events", "rollups", "weekly_reports"];

/**
 * Row counts of every D1 table and of the program's engine tables, its stored document, and the
 * events its ingestion log counts as accepted. (The log itself gains a row for each batch, refused
 * events included: saying what was refused is what it is for.)
 */
async function counts(slug: string): Promise<Record<string, number | string>> {
  const rows = await env.DB.batch(D1_TABLES.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM ${t}`)));
  const out: Record<string, number | string> = Object.fromEntries(rows.map((r, i) => [`d1 ${D1_TABLES[i]}`, (r.results[0] as { n: number }).n]));
  for (const t of ENGINE_TABLES) out[`engine ${t}`] = await engineCount(slug, t);
  out["engine program_state"] = JSON.stringify(await engineRows(slug, "SELECT key, value FROM program_state ORDER BY key"));
  out["engine accepted"] = (await engineRows<{ n: number }>(slug, "SELECT COALESCE(SUM(accepted), 0) AS n FROM ingestion_log"))[0]!.n;
  return out;
}

/** Below 500, and an error of the one shape where it is an error. */
function expectSafe(res: Answer, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expectError(res, res.status);
}

/** Strings that tend to break things. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\uFEFF", "\u202E", "𝔘𝔫𝔦", "👩‍👩‍👧‍👦", "e\u0301", "%", "%ZZ", "%00", "..", "../..", "a/b", "?x=1", "#", "\\", "'; DROP TABLE events;--", "x".repeat(5000)),
);

/** Numbers a JSON text may hold but a field should refuse, as raw JSON text. */
const hostileNumberText = fc.constantFrom("1e309", "-1e309", "-1", "0.125", "1.005", "1e-7", "123456789012345678901234567890", "1000000000.01", "-0.001");

/** Any JSON value, some of them deep and wide. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom<unknown>(null, true, 0, -0, "", [], {}, { events: null }, { events: {} }, { events: "x" }, { participants: 7 }),
  fc.integer({ min: 100, max: 3000 }).map((d) => JSON.parse("[".repeat(d) + "]".repeat(d)) as unknown),
  fc.integer({ min: 100, max: 3000 }).map((d) => JSON.parse('{"a":'.repeat(d) + "1" + "}".repeat(d)) as unknown),
);

/** A body as raw text: JSON, JSON with hostile number literals, or not JSON at all. */
const rawBody = fc.oneof(
  { weight: 5, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? "null") },
  { weight: 2, arbitrary: hostileNumberText.map((n) => `{"at":${n},"role":${n},"participants":[{"id":${n}}],"events":[${n}]}`) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom("{", "[1,]", "{'a':1}", "NaN", "Infinity", "\u0000", "{\"a\":1}garbage") },
);

/** Whether a JSON text is a number SPEC §1 takes as a value: ≥ 0, at most 2 decimal places, not huge. */
function validValue(text: string): boolean {
  let n: unknown;
  try {
    n = JSON.parse(text);
  } catch {
    return false;
  }
  return typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 1e9 && Math.round(n * 100) / 100 === n;
}

const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80"; // a lone surrogate, as UTF-8 bytes
  }
};

describe("hostile input", () => {
  let p: Program;
  beforeAll(async () => {
    p = await newProgram(basicDocument(), call);
    await addParticipants(p, [{ id: "ana", team: "uk" }, { id: "bo", team: "uk" }], undefined, call);
  });

  /** Endpoints with a body, and the credential that may call them: every one of their hostile bodies gets a 4xx. */
  const bodied = (q: Program) => [
    ["POST", "/v1/orgs", OPERATOR_KEY],
    ["PUT", `${q.base}`, q.adminKey],
    ["PUT", `/v1/programs/fuzz-new-program`, q.adminKey],
    ["PUT", `${q.base}/participants`, q.adminKey],
    ["POST", `${q.base}/participants/ana/opt-in`, q.adminKey],
    ["POST", `${q.base}/participants/ana/opt-out`, q.adminKey],
    ["POST", `${q.base}/keys`, q.adminKey],
    ["POST", `${q.base}/events`, q.adminKey],
    ["POST", `${q.base}/webhooks`, q.adminKey],
    ["POST", `/v1/orgs/nope/managers`, OPERATOR_KEY],
    ["POST", `/v1/sessions`, undefined],
  ] as const;

  it("every endpoint with a body answers 4xx JSON errors to arbitrary bodies and stores nothing", async () => {
    const before = await counts(p.program);
    await fc.assert(
      fc.asyncProperty(fc.nat(100), rawBody, fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", ""), async (i, raw, type) => {
        const [method, path, key] = bodied(p)[i % bodied(p).length];
        // `{}` is a valid opt-in or opt-out (at: now); everything else here is not valid anywhere.
        fc.pre(!/^\s*(\{\s*\})?\s*$/.test(raw));
        const res = await call(method, path, { key, raw, headers: type ? { "Content-Type": type } : {} });
        expect(res.status, `${method} ${path} ${raw.slice(0, 200)}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expectSafe(res, `${method} ${path}`);
      }),
      { numRuns: RUNS * 4 },
    );
    expect(await counts(p.program)).toEqual(before);
  });

  /** One event with one field made hostile. */
  const hostileEvent = fc
    .record({
      field: fc.constantFrom("id", "participant", "metric", "occurredAt", "value", "attributes", "extra"),
      text: fc.oneof(
        hostileNumberText,
        anyJson.filter((v) => typeof v !== "string").map((v) => JSON.stringify(v) ?? "null"),
        fc.constantFrom('""', '"x"', '"2026-02-30T00:00:00Z"', '"2026-11-24 10:00"', '"tomorrow"', `"${"x".repeat(200)}"`, '{"deep":{"er":1}}', '"\\u0000"'),
      ),
      id: nasty,
    })
    .map(({ field, text: hostile, id }) => {
      let text = hostile;
      const base: Record<string, string> = {
        id: JSON.stringify(`h-${id}`),
        participant: '"ana"',
        metric: '"call-prep"',
        occurredAt: '"2026-11-24T10:00:00Z"',
        value: "1.5",
      };
      // A short string is a valid id: the id field gets only values that are not.
      // A short string is a valid id, a flat object valid attributes, a small number a valid value:
      // those fields get only values that are not.
      if (field === "id" && /^"/.test(text) && text.length < 130) text = '""';
      else if (field === "attributes") text = `{"deep":{"er":${text}}}`;
      else if (field === "value" && validValue(text)) text = "-1";
      base[field] = text;
      return `{${Object.entries(base)
        .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
        .join(",")}}`;
    });

  it("events with hostile fields are each rejected (or the batch refused with 4xx) and none is stored", async () => {
    const before = await counts(p.program);
    await fc.assert(
      fc.asyncProperty(fc.array(hostileEvent, { minLength: 1, maxLength: 20 }), async (events) => {
        const raw = `{"events":[${events.join(",")}]}`;
        const res = await call("POST", `${p.base}/events`, { key: p.adminKey, raw, headers: { "Content-Type": "application/json" } });
        expectSafe(res, raw.slice(0, 300));
        if (res.status === 200) {
          expect(res.body.accepted, raw.slice(0, 300)).toBe(0);
          expect(res.body.rejected.length + res.body.duplicates).toBe(events.length);
        }
      }),
      { numRuns: RUNS },
    );
    expect(await counts(p.program)).toEqual(before);
  });

  it("arbitrary path segments and query strings never get a 5xx", async () => {
    const paths = (seg: string, q: string) => [
      `/v1/programs/${seg}`,
      `/v1/programs/${seg}/leaderboard?${q}`,
      `${p.base}/leaderboard?${q}`,
      `${p.base}/participants/${seg}/score?${q}`,
      `${p.base}/reports/weekly/${seg}`,
      `${p.base}/participants/${seg}/reports/weekly/${seg}`,
      `${p.base}/keys/${seg}`,
      `${p.base}/webhooks/${seg}/deliveries`,
      `/v1/programs/${p.program}/participants?${q}`,
      `/v1/programs/${p.program}/participants/${seg}/history?${q}`,
      `/v1/programs/${p.program}/dashboard?${q}`,
      `/v1/${seg}`,
    ];
    const query = fc
      .dictionary(fc.constantFrom("scope", "period", "at", "cohort", "limit", "cursor", "around", "weeks", "offset", "q"), fc.oneof(nasty, hostileNumberText, fc.constantFrom("week", "all", "team", "-0", "0", "1001", "2026-W53", "2026-13-01")), { maxKeys: 4 })
      .map((d) => new URLSearchParams(d).toString());
    await fc.assert(
      fc.asyncProperty(nasty, fc.boolean(), query, fc.nat(11), fc.constantFrom("GET", "DELETE"), async (seg, raw, q, i, method) => {
        const segment = raw ? seg.replace(/[/?#\s]/g, "") || "%" : enc(seg);
        const path = paths(segment, q)[i];
        if (method === "DELETE" && !path.includes("/keys/")) return;
        const res = await call(method, path, { key: p.adminKey });
        expectSafe(res, `${method} ${path}`);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("numbers: 1e309 and three decimal places are rejected, -0 is stored as 0", async () => {
    for (const value of ["1e309", "0.125", "-0.01", "1e-3"]) {
      const raw = `{"events":[{"id":"n-${value}","participant":"ana","metric":"call-prep","occurredAt":"2026-11-24T10:00:00Z","value":${value}}]}`;
      const res = await call("POST", `${p.base}/events`, { key: p.adminKey, raw, headers: { "Content-Type": "application/json" } });
      expect(res.status, value).toBe(200);
      expect(res.body.rejected, value).toEqual([expect.objectContaining({ reason: "invalid" })]);
    }
    const raw = `{"events":[{"id":"n-minus-zero","participant":"bo","metric":"call-prep","occurredAt":"2026-11-24T10:00:00Z","value":-0}]}`;
    const res = await call("POST", `${p.base}/events`, { key: p.adminKey, raw, headers: { "Content-Type": "application/json" } });
    expectSafe(res, "-0");
    const score = await call("GET", `${p.base}/participants/bo/score?period=all`, { key: p.adminKey });
    expect(score.status).toBe(200);
    expect(Object.is(score.body.score, -0)).toBe(false);
    expect(score.body.score).toBe(0);
  });

  it("oversized batches are refused whole with 413 and store nothing", async () => {
    const before = await counts(p.program);
    const event = (i: number) => ({ id: `big-${i}`, participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" });
    const many = await call("POST", `${p.base}/events`, { key: p.adminKey, body: { events: Array.from({ length: 1001 }, (_, i) => event(i)) } });
    expectError(many, 413);
    const huge = await call("POST", `${p.base}/events`, {
      key: p.adminKey,
      body: { events: [{ ...event(0), attributes: { note: "x".repeat(1024 * 1024) } }] },
    });
    expectError(huge, 413);
    const participants = await call("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: Array.from({ length: 1001 }, (_, i) => ({ id: `p${i}`, displayName: "x", team: null, cohort: null })) },
    });
    expect(participants.status).toBeGreaterThanOrEqual(400);
    expectSafe(participants, "1001 participants");
    expect(await counts(p.program)).toEqual(before);
  });
});
