/**
 * Hostile input (property-based, fast-check): arbitrary JSON bodies, wrong types, huge and deeply
 * nested values, odd Unicode, numbers such as 1e309, -0 and three decimal places, oversized batches,
 * and arbitrary path segments and query strings. Every answer is below 500; every error is a JSON
 * error of SPEC §4's shape; and nothing hostile is stored (row counts of every table are unchanged).
 * Ill-formed Unicode (lone surrogates) in any identifier, and dates outside years 0001–9999 in any
 * instant or date field, are `invalid`: 422 for a document, rejected `invalid` in a batch.
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

/** Lone UTF-16 surrogates: high, low, a high one ending an id, a pair in the wrong order. */
const LONE_SURROGATES = ["\ud800", "\udc00", "\ud83d", "\udfff\ud800"];

/** A string with a lone surrogate somewhere in it. */
const illFormed = fc
  .tuple(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 20 }), fc.constantFrom(...LONE_SURROGATES), fc.nat())
  .map(([text, lone, at]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + lone + text.slice(i);
  });

/** RFC 3339 instants outside what a program holds (at least a day inside years 0001–9999), and ones no parser takes. */
const extremeInstant = fc.constantFrom(
  "0000-01-01T00:00:00Z",
  "0000-01-01T00:00:00+14:00",
  "0000-12-31T23:59:59-23:59",
  "0001-01-01T00:00:00Z",
  "0001-01-01T23:59:59.999+14:00",
  "9999-12-31T00:00:00Z",
  "9999-12-31T23:59:59+14:00",
  "9999-12-31T23:59:59-14:00",
  "-000001-01-01T00:00:00Z",
  "+010000-01-01T00:00:00Z",
  "10000-01-01T00:00:00Z",
);

/** Local dates outside 0001-01-01..9999-12-31. */
const extremeDate = fc.constantFrom("0000-01-01", "0000-02-29", "0000-12-31", "-0001-01-01", "10000-01-01", "+010000-01-01");

/** Strings that tend to break things. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  illFormed,
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\uFEFF",
    "\u202E",
    "𝔘𝔫𝔦",
    "👩‍👩‍👧‍👦",
    "e\u0301",
    "%",
    "%ZZ",
    "%00",
    "..",
    "../..",
    "a/b",
    "?x=1",
    "#",
    "\\",
    "'; DROP TABLE events;--",
    "x".repeat(5000),
  ),
);

/** Numbers a JSON text may hold but a field should refuse, as raw JSON text. */
const hostileNumberText = fc.constantFrom("1e309", "-1e309", "-1", "0.125", "1.005", "1e-7", "123456789012345678901234567890", "1000000000.01", "-0.001");

/** Any JSON value, some of them deep and wide. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom<unknown>(null, true, 0, -0, "", [], {}, { events: null }, { events: {} }, { events: "x" }, { participants: 7 }),
  fc.integer({ min: 100, max: 3000 }).map((d) => JSON.parse("[".repeat(d) + "]".repeat(d)) as unknown),
  fc.integer({ min: 100, max: 3000 }).map((d) => JSON.parse(`${'{"a":'.repeat(d)}1${"}".repeat(d)}`) as unknown),
);

/** A body as raw text: JSON, JSON with hostile number literals, or not JSON at all. */
const rawBody = fc.oneof(
  { weight: 5, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? "null") },
  { weight: 2, arbitrary: hostileNumberText.map((n) => `{"at":${n},"role":${n},"participants":[{"id":${n}}],"events":[${n}]}`) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom("{", "[1,]", "{'a':1}", "NaN", "Infinity", "\u0000", '{"a":1}garbage') },
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
    await addParticipants(
      p,
      [
        { id: "ana", team: "uk" },
        { id: "bo", team: "uk" },
      ],
      undefined,
      call,
    );
  });

  /** Endpoints with a body, and the credential that may call them: every one of their hostile bodies gets a 4xx. */
  const bodied = (q: Program) =>
    [
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
        // As JSON text: JSON.stringify writes a lone surrogate as its \u escape.
        illFormed.map((t) => JSON.stringify(t)),
        extremeInstant.map((t) => JSON.stringify(t)),
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
      if (field === "id" && /^"/.test(text) && text.length < 130 && !/\\ud[89a-f]/.test(text)) text = '""';
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

  it("an ill-formed identifier or an instant outside years 0001–9999 makes an event invalid", async () => {
    const before = await counts(p.program);
    const badEvent = fc.oneof(
      fc.record({ field: fc.constantFrom("id", "participant", "metric"), value: illFormed }),
      fc.record({ field: fc.constant("occurredAt"), value: extremeInstant }),
      fc.record({ field: fc.constant("attributes"), value: illFormed.map((t) => ({ [t]: t })) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(badEvent, { minLength: 1, maxLength: 10 }), fc.nat(), async (bad, n) => {
        const events = bad.map(({ field, value }, i) => ({
          id: `bad-${n}-${i}`,
          participant: "ana",
          metric: "tweet",
          occurredAt: "2026-11-24T10:00:00Z",
          [field]: value,
        }));
        // JSON.stringify writes lone surrogates as \u escapes: the JSON text itself is well-formed.
        const res = await call("POST", `${p.base}/events`, {
          key: p.adminKey,
          raw: JSON.stringify({ events }),
          headers: { "Content-Type": "application/json" },
        });
        expect(res.status).toBe(200);
        expect(res.body.accepted).toBe(0);
        expect(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual(events.map((_, i) => [i, "invalid"]));
        expect(res.body.rejected.map((r: { message: string }) => r.message.split(/[.:[]/)[0])).toEqual(bad.map((b) => b.field));
      }),
      { numRuns: RUNS },
    );
    expect(await counts(p.program)).toEqual(before);
  });

  it("an ill-formed identifier or a date outside years 0001–9999 in any field of any document is 422", async () => {
    const before = await counts(p.program);
    const doc = basicDocument();
    const programDoc = {
      ...doc,
      metrics: [{ ...doc.metrics[0], effectiveFrom: "2026-01-05" }, ...doc.metrics.slice(1)],
      targets: [...doc.targets, { key: "ana-w", subject: { participant: "ana" }, metric: "tweet", period: "week", value: 3 }],
    };
    type Field = { method: string; path: string; key?: string; body: unknown; field: (string | number)[]; kind: "text" | "instant" | "date" };
    const text = (method: string, path: string, key: string | undefined, body: unknown, ...fields: (string | number)[][]): Field[] =>
      fields.map((field) => ({ method, path, key, body, field, kind: "text" }));
    const fields: Field[] = [
      ...text(
        "PUT",
        `/v1/programs/fuzz-doc`,
        p.adminKey,
        programDoc,
        ["name"],
        ["timezone"],
        ["metrics", 0, "key"],
        ["metrics", 0, "name"],
        ["teams", 1, "key"],
        ["teams", 1, "name"],
        ["teams", 1, "parent"],
      ),
      ...text(
        "PUT",
        `/v1/programs/fuzz-doc`,
        p.adminKey,
        programDoc,
        ["targets", 0, "key"],
        ["targets", 1, "subject", "participant"],
        ["targets", 0, "subject", "team"],
        ["targets", 1, "metric"],
      ),
      { method: "PUT", path: `/v1/programs/fuzz-doc`, key: p.adminKey, body: programDoc, field: ["metrics", 0, "effectiveFrom"], kind: "date" },
      ...text(
        "PUT",
        `${p.base}/participants`,
        p.adminKey,
        { participants: [{ id: "zed", displayName: "Zed", team: "uk", cohort: "London" }] },
        ["participants", 0, "id"],
        ["participants", 0, "displayName"],
        ["participants", 0, "team"],
        ["participants", 0, "cohort"],
      ),
      { method: "POST", path: `${p.base}/participants/ana/opt-out`, key: p.adminKey, body: { at: "2026-11-20T10:00:00Z" }, field: ["at"], kind: "instant" },
      { method: "POST", path: `${p.base}/participants/ana/opt-in`, key: p.adminKey, body: { at: "2026-11-20T10:00:00Z" }, field: ["at"], kind: "instant" },
      ...text("POST", "/v1/orgs", OPERATOR_KEY, { slug: "fuzz-org", name: "Fuzz" }, ["slug"], ["name"]),
      ...text(
        "POST",
        `/v1/orgs/${p.slug}/managers`,
        OPERATOR_KEY,
        { email: "m@example.com", name: "M", password: "correct horse battery" },
        ["email"],
        ["name"],
        ["password"],
      ),
      ...text(
        "POST",
        "/v1/sessions",
        undefined,
        { email: "m@example.com", password: "correct horse battery", org: "fuzz-org" },
        ["email"],
        ["password"],
        ["org"],
      ),
      ...text("POST", `${p.base}/webhooks`, p.adminKey, { url: "https://hooks.example.com/leadboard", events: ["report.published"] }, ["url"]),
    ];
    const withValue = (body: unknown, field: (string | number)[], value: unknown): unknown => {
      const copy = structuredClone(body) as Record<string | number, any>;
      let at = copy;
      for (const part of field.slice(0, -1)) at = at[part];
      at[field.at(-1)!] = value;
      return copy;
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), illFormed, extremeInstant, extremeDate, async (f, ill, instantText, dateText) => {
        const value = f.kind === "text" ? ill : f.kind === "instant" ? instantText : dateText;
        const res = await call(f.method, f.path, {
          key: f.key,
          raw: JSON.stringify(withValue(f.body, f.field, value)),
          headers: { "Content-Type": "application/json" },
        });
        const where = `${f.method} ${f.path} ${f.field.join(".")}`;
        expect(res.status, where).toBe(422);
        expectSafe(res, where);
        const path = f.field.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${part}`)).join("");
        expect(
          res.body.error.details.map((d: { path: string }) => d.path),
          where,
        ).toContain(path);
      }),
      { numRuns: RUNS * 2 },
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
      .dictionary(
        fc.constantFrom("scope", "period", "at", "cohort", "limit", "cursor", "around", "weeks", "offset", "q"),
        fc.oneof(
          nasty,
          hostileNumberText,
          extremeDate,
          fc.constantFrom(
            "week",
            "all",
            "team",
            "-0",
            "0",
            "1001",
            "2026-W53",
            "2026-13-01",
            "0000-W01",
            "0000-Q4",
            "0000-12",
            "9999-W52",
            "9999-12",
            "9999-12-31",
            "0001-W01",
          ),
        ),
        { maxKeys: 4 },
      )
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
