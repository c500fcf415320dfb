/** Test helpers: what an answer must look like, and reading D1 directly to see what was stored. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { database } from "../../worker/db/client";
import { scoreWaitingEvents } from "../../worker/db/scoring";
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

/**
 * Scores the stored events that wait to be scored, as any read request does first: the tables
 * read directly below then hold what a read would see.
 */
export const scoreWaiting = () => scoreWaitingEvents(database(env.DB));

/** The program's daily rollups, in a stable order, with every stored event scored. */
export async function rollups(slug: string): Promise<RollupRow[]> {
  await scoreWaiting();
  const { results } = await env.DB.prepare(
    `SELECT p.id AS participant, m.key AS metric, d.day, d.units_h, d.capped_h, d.points
     FROM daily_rollups d JOIN participants p ON p.pk = d.participant_pk JOIN metrics m ON m.id = d.metric_id
     WHERE d.program_id = (SELECT id FROM programs WHERE slug = ?)
     ORDER BY p.id, m.key, d.day`,
  )
    .bind(slug)
    .all<RollupRow>();
  return results;
}

/** The program's period scores that are not 0, in ten-thousandths, by participant and period label, with every stored event scored. */
export async function periodScores(slug: string): Promise<Record<string, number>> {
  await scoreWaiting();
  const { results } = await env.DB.prepare(
    `SELECT participant_id AS participant, period, score FROM period_scores
     WHERE program_id = (SELECT id FROM programs WHERE slug = ?) AND score <> 0`,
  )
    .bind(slug)
    .all<{ participant: string; period: string; score: number }>();
  return Object.fromEntries(results.map((r) => [`${r.participant} ${r.period}`, r.score]));
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
export async function storedEvents(slug: string): Promise<EventRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT e.id, p.id AS participant, m.key AS metric, e.occurred_at, e.day, e.value_h, e.attributes
     FROM events e JOIN participants p ON p.pk = e.participant_pk JOIN metrics m ON m.id = e.metric_id
     WHERE e.program_id = (SELECT id FROM programs WHERE slug = ?)
     ORDER BY e.id`,
  )
    .bind(slug)
    .all<EventRow>();
  return results;
}

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
