/**
 * Test helpers for weekly reports, digests, the scheduled job and webhooks: an API on a clock the
 * test moves, programs made at a fixed instant, and the local webhook receiver (never an outside
 * address).
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { database } from "../../worker/db/client";
import { type Answer, addParticipants, apiAt, basicDocument, newProgram } from "./api";
import type { Program } from "./reads";

export const ms = (iso: string) => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`not an instant: ${iso}`);
  return t;
};
export const iso = (t: number) => new Date(t).toISOString();

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** An API whose clock the test sets: `clock.set(...)` moves it, `clock.call` uses it. */
export function clocked(start: number | string) {
  let now = typeof start === "string" ? ms(start) : start;
  const call = apiAt(() => now);
  return {
    call,
    get now() {
      return now;
    },
    set(t: number | string) {
      now = typeof t === "string" ? ms(t) : t;
    },
  };
}
export type Clock = ReturnType<typeof clocked>;

export const db = () => database(env.DB);

/** A metric of `points` per unit of value and no cap: a participant's score is the value they send. */
export const PTS = { key: "pts", name: "Points", indicator: "lead", aggregation: "sum", points: 1, dailyCap: null };
export const DEAL = { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null };

/** A program made at the clock's instant, with `doc`'s overrides on the basic document. */
export async function programAt(clock: Clock, overrides: Record<string, unknown> = {}): Promise<Program & { slug: string }> {
  const p = await newProgram(basicDocument({ targets: [], ...overrides }), clock.call);
  return { ...p, slug: p.program };
}

/** Upserts participants, each opted in since 2020 unless `optIn` is false (for programs that do not require it). */
export async function participantsAt(clock: Clock, p: Program, list: Parameters<typeof addParticipants>[1], optIn = true) {
  if (optIn) return addParticipants(p, list, "2020-01-01T00:00:00Z", clock.call);
  const res = await clock.call("PUT", `${p.base}/participants`, {
    key: p.adminKey,
    body: { participants: list.map((x) => ({ displayName: x.id, team: null, cohort: null, ...x })) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

let eventCounter = 0;
/** Posts events with the clock as it is; every one must be accepted. */
export async function postAt(clock: Clock, p: Program, events: { participant: string; metric: string; occurredAt: string; value?: number }[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000).map((e) => ({ id: `wk-${(eventCounter++).toString(36)}`, ...e }));
    const res = await clock.call("POST", `${p.base}/events`, { key: p.adminKey, body: { events: chunk } });
    expect(res.body).toEqual({ accepted: chunk.length, duplicates: 0, rejected: [] });
  }
}

/** `pts` events: one per participant, worth its score. */
export const scores = (week: Record<string, number>, occurredAt: string) =>
  Object.entries(week).map(([participant, value]) => ({ participant, metric: "pts", occurredAt, value }));

/** GET a week's report; `key` null for no credential. */
export const report = (call: Clock["call"], p: Program, week: string, key: string | null = p.adminKey) =>
  call("GET", `${p.base}/reports/weekly/${week}`, { key: key ?? undefined });

/** POST (generate) a week's report; `key` null for no credential. */
export const generate = (call: Clock["call"], p: Program, week: string, key: string | null = p.adminKey) =>
  call("POST", `${p.base}/reports/weekly/${week}`, { key: key ?? undefined });

/** Generates the week's report and answers it, asserting 201. */
export async function generated(call: Clock["call"], p: Program, week: string) {
  const res = await generate(call, p, week);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const weeks = async (call: Clock["call"], p: Program): Promise<string[]> => {
  const res = await call("GET", `${p.base}/reports/weekly`, { key: p.adminKey });
  expect(res.status).toBe(200);
  return res.body.weeks;
};

/** Entries as [rank, id, score, previousRank, rankChange, scoreChange], for compact comparisons. */
export const rows = (entries: any[]) => entries.map((e) => [e.rank, e.id, e.score, e.previousRank, e.rankChange, e.scoreChange]);

// --- the local webhook receiver ---

let hookCounter = 0;
/** Told apart from the runtimes beside this one: they share the receiver, and may count from 0 in the same millisecond. */
const runtime = crypto.randomUUID().slice(0, 8);
/** A receiver name no other test uses, and its delivery URL. */
export function hook(stem: string) {
  const name = `${stem}-${runtime}-${Date.now().toString(36)}-${(hookCounter++).toString(36)}`;
  return { name, url: `${env.RECEIVER_URL}/hook/${name}` };
}

export interface Received {
  headers: Record<string, string>;
  body: string;
}

export async function received(name: string): Promise<Received[]> {
  return (await fetch(`${env.RECEIVER_URL}/control/${name}`)).json();
}

/** The receiver answers the next `n` deliveries to `name` with 500. */
export async function failNext(name: string, n: number) {
  const res = await fetch(`${env.RECEIVER_URL}/control/${name}/fail?n=${n}`, { method: "PUT" });
  expect(res.status).toBe(204);
}

export async function subscribe(call: Clock["call"], p: Program, url: string, format: "json" | "slack" = "json"): Promise<Answer> {
  const res = await call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url, events: ["report.published"], format } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

export async function deliveries(call: Clock["call"], p: Program, webhookId: number): Promise<any[]> {
  const res = await call("GET", `${p.base}/webhooks/${webhookId}/deliveries`, { key: p.adminKey });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.deliveries;
}

/**
 * The signature header of a delivery of `body` sent at `atMs`: `t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "t.body">`, computed here independently of the worker.
 */
export async function signature(secret: string, body: string, atMs: number): Promise<string> {
  const t = Math.floor(atMs / 1000);
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`)));
  return `t=${t},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
