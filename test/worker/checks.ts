/** Test helpers: what an answer must look like, and reading storage directly (D1, a program's engine) to see what was stored. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { engineOf } from "../../worker/engine/client";
import { labelsOfDay } from "../scoring/reference/periods";
import type { Answer } from "./api";

/**
 * Asserts the answer is an error of the one shape SPEC §4 fixes:
 * `{"error": {"code", "message", "details"?}}` and nothing else. Answers the error.
 */
export function expectError(res: Answer, status: number, code?: string) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  expect(Object.keys(res.body ?? {})).toEqual(["error"]);
  const error = res.body.error;
  const keys = Object.keys(error).sort();
  expect(keys.filter((k) => k !== "details")).toEqual(["code", "message"]);
  expect(keys.every((k) => ["code", "message", "details"].includes(k))).toBe(true);
  expect(typeof error.code).toBe("string");
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  if ("details" in error) expect(error.details).not.toBeUndefined();
  if (code !== undefined) expect(error.code).toBe(code);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
  return error as { code: string; message: string; details?: unknown };
}

/** Asserts a 422 whose details list each of `paths` (and each entry is `{path, message}`). */
export function expectInvalidFields(res: Answer, paths: string[]) {
  const error = expectError(res, 422, "invalid");
  const details = error.details as { path: string; message: string }[];
  expect(Array.isArray(details)).toBe(true);
  for (const d of details) {
    expect(Object.keys(d).sort()).toEqual(["message", "path"]);
    expect(typeof d.message).toBe("string");
  }
  expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(paths));
  return details;
}

export const programId = async (slug: string): Promise<number> =>
  (await env.DB.prepare("SELECT id FROM programs WHERE slug = ?").bind(slug).first<{ id: number }>())!.id;

export interface RollupRow {
  participant: string;
  metric: string;
  day: string;
  units_h: number;
  capped_h: number;
  points: number;
}

/** The program's engine (its Durable Object), by the program's slug. */
export const engineOfSlug = async (slug: string) => engineOf(env, await programId(slug));

/**
 * Runs `query` with `params` on the program's engine storage (its Durable Object's SQLite) and
 * answers its rows. A write is committed when this answers (storage is synchronous in the object).
 */
export async function engineRows<T = Record<string, SqlStorageValue>>(slug: string, query: string, ...params: SqlStorageValue[]): Promise<T[]> {
  return runInDurableObject(await engineOfSlug(slug), (_engine, state) => state.storage.sql.exec(query, ...params).toArray() as T[]);
}

/** How many rows of the engine's `table` match `where` (every row without it). */
export async function engineCount(slug: string, table: string, where = "true", ...params: SqlStorageValue[]): Promise<number> {
  const [row] = await engineRows<{ n: number }>(slug, `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, ...params);
  return row!.n;
}

/** A metric as the engine stores it in its program_state JSON. */
export interface StoredMetricState {
  id: number;
  key: string;
  indicator: "lead" | "lag";
  archived: boolean;
  versions: { effectiveFrom: string; pointsH: number; dailyCapH: number | null }[];
  [other: string]: unknown;
}

/** The program as its engine stores it: the JSON of program_state's row 'program'. */
export async function engineProgram(slug: string): Promise<{ timezone: string; metrics: StoredMetricState[]; [other: string]: unknown }> {
  const [row] = await engineRows<{ value: string }>(slug, "SELECT value FROM program_state WHERE key = 'program'");
  return JSON.parse(row!.value);
}

/** The names of the engine's own tables (its SQLite's, without SQLite's and the runtime's internal ones). */
export async function engineTables(slug: string): Promise<string[]> {
  const rows = await engineRows<{ name: string }>(
    slug,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name",
  );
  return rows.map((r) => r.name);
}

/** Runs `query` on the engine storage with its metrics' keys by id as a `metric_keys(id, key)` table. */
async function engineRowsWithKeys<T>(slug: string, query: string): Promise<T[]> {
  return runInDurableObject(await engineOfSlug(slug), (_engine, state) => {
    const program = state.storage.sql.exec<{ value: string }>("SELECT value FROM program_state").one();
    const keys = (JSON.parse(program.value) as { metrics: { id: number; key: string }[] }).metrics.map((m) => [m.id, m.key]);
    const sql = `WITH metric_keys(id, key) AS (SELECT value->>0, value->>1 FROM json_each(?)) ${query}`;
    return state.storage.sql.exec(sql, JSON.stringify(keys)).toArray() as T[];
  });
}

/** The program's daily rollups, in a stable order. */
export const rollups = (slug: string): Promise<RollupRow[]> =>
  engineRowsWithKeys(
    slug,
    `SELECT p.id AS participant, m.key AS metric, d.day, d.units_h, d.capped_h, d.points
     FROM rollups d JOIN participants p ON p.pk = d.participant_pk JOIN metric_keys m ON m.id = d.metric_id
     ORDER BY p.id, m.key, d.day`,
  );

/** The program's period scores that are not 0, in ten-thousandths, by participant and period label (from its rollups). */
export async function periodScores(slug: string): Promise<Record<string, number>> {
  const scores: Record<string, number> = {};
  for (const r of await rollups(slug)) {
    for (const label of Object.values(labelsOfDay(r.day))) scores[`${r.participant} ${label}`] = (scores[`${r.participant} ${label}`] ?? 0) + r.points;
  }
  return Object.fromEntries(Object.entries(scores).filter(([, score]) => score !== 0));
}

export interface EventRow {
  id: string;
  participant: string;
  metric: string;
  occurred_at: number;
  day: string;
  value_h: number;
  attributes: string | null;
}

/** The program's stored events, by id. */
export const storedEvents = (slug: string): Promise<EventRow[]> =>
  engineRowsWithKeys(
    slug,
    `SELECT e.id, p.id AS participant, m.key AS metric, e.occurred_at, e.day, e.value_h, e.attributes
     FROM events e JOIN participants p ON p.pk = e.participant_pk JOIN metric_keys m ON m.id = e.metric_id
     ORDER BY e.id`,
  );

/** Every text column of the credentials table, to check that no secret is stored as given. */
export async function credentialTexts(): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT prefix, secret_hash FROM credentials").all<{ prefix: string; secret_hash: string }>();
  return results.flatMap((r) => [r.prefix, r.secret_hash]);
}

/** SHA-256 in lowercase hex, computed here independently of the worker. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
