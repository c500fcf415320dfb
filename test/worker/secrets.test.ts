/**
 * Secrets: admin keys, ingest keys, participant tokens and console sessions are long and random,
 * stored only as SHA-256 hashes (passwords as PBKDF2), compared in constant time, and never
 * written to the log, not even when a request fails.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { constantTimeEqual, hashSecret, newSecret } from "../../worker/secrets";
import { OPERATOR_KEY, addParticipants, api, basicDocument, newProgram, unique } from "./api";
import { engineRows, engineTables } from "./checks";

/** Every row of every D1 table, as JSON. */
async function dumpD1(): Promise<string> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
  ).all<{ name: string }>();
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["credentials", "manager_sessions", "managers", "orgs", "programs"]));
  const dumps = await Promise.all(tables.map(async ({ name }) => JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results)));
  return dumps.join("\n");
}

/** Every row of every table of the program's engine (its Durable Object's SQLite), as JSON. */
async function dumpEngine(slug: string): Promise<string> {
  const tables = await engineTables(slug);
  expect(tables).toEqual(expect.arrayContaining(["participants", "opt_toggles", "events", "rollups", "weekly_reports", "program_state", "ingestion_log"]));
  const dumps = await Promise.all(tables.map(async (name) => JSON.stringify(await engineRows(slug, `SELECT * FROM "${name}"`))));
  return dumps.join("\n");
}

afterEach(() => vi.restoreAllMocks());

describe("secrets", () => {
  it("are a role tag and 256 random bits (43 base64url characters), each one different", async () => {
    const seen = new Set<string>();
    for (const role of ["admin", "ingest", "participant"] as const) {
      for (let i = 0; i < 50; i++) {
        const { secret, prefix, hash } = await newSecret(role);
        expect(secret).toMatch(/^lb[aip]_[A-Za-z0-9_-]{43}$/);
        expect(prefix).toBe(secret.slice(0, 12));
        expect(hash).toBe(await hashSecret(secret));
        seen.add(secret);
      }
    }
    expect(seen.size).toBe(150);
  });

  it("are compared in constant time: equal only when every byte is", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
  });

  it("handed out by the API are stored only as hashes, and never logged", async () => {
    const logged: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    const p = await newProgram(basicDocument());
    await addParticipants(p, [{ id: "ana" }]);
    const ingest = (await api("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key as string;
    const token = (await api("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token as string;
    const email = `${unique("m")}@example.com`;
    const password = "a long enough password 123";
    expect((await api("POST", `/v1/orgs/${p.slug}/managers`, { key: OPERATOR_KEY, body: { email, password } })).status).toBe(201);
    const session = (await api("POST", "/v1/sessions", { body: { email, password } })).body.token as string;
    const secrets = [p.adminKey, ingest, token, session, password];
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(20);
    // Use each, rightly and wrongly, so any logging of a credential would show.
    for (const s of secrets) {
      await api("GET", `${p.base}/leaderboard`, { key: s });
      await api("GET", `${p.base}/leaderboard`, { key: `${s}x` });
      await api("POST", `${p.base}/events`, { key: s, raw: "{not json", headers: { "Content-Type": "application/json" } });
    }
    // Events posted with each credential that may post, so the engine's ledger and ingestion log hold rows to search.
    for (const [i, s] of [p.adminKey, ingest, session].entries()) {
      const events = [
        { id: `e${i}`, participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" },
        { id: `bad${i}`, participant: "nobody", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" },
      ];
      expect((await api("POST", `${p.base}/events`, { key: s, body: { events } })).body).toMatchObject({ accepted: 1 });
    }
    await api("POST", "/v1/sessions", { body: { email, password: `${password}x` } });

    const stored = `${await dumpD1()}\n${await dumpEngine(p.program)}`;
    expect(stored).toContain('"ana"');
    for (const s of secrets) {
      expect(stored).not.toContain(s);
      expect(logged.join("\n")).not.toContain(s);
    }
    expect(stored).toContain(await hashSecret(ingest));
    expect(stored).toMatch(/pbkdf2-sha256\$\d+\$/);
  });
});
