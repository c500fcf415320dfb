/** Test helpers for the read side: events in, boards and score cards out, pages walked by cursor. */
import { expect } from "vitest";
import type { Answer, apiAt } from "./api";

export type Call = ReturnType<typeof apiAt>;

export interface Program {
  base: string;
  adminKey: string;
  program: string;
}

export interface EventIn {
  id: string;
  participant: string;
  metric: string;
  occurredAt: string;
  value?: number;
}

let eventCounter = 0;

/** Posts events (ids made up where left out) and asserts every one was accepted. */
export async function post(call: Call, p: Program, events: (Omit<EventIn, "id"> & { id?: string })[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000).map((e) => ({ id: `ev-${(eventCounter++).toString(36)}`, ...e }));
    const res = await call("POST", `${p.base}/events`, { key: p.adminKey, body: { events: chunk } });
    expect(res.body).toEqual({ accepted: chunk.length, duplicates: 0, rejected: [] });
  }
}

/** `n` events of one participant and metric at one instant. */
export const times = (n: number, e: Omit<EventIn, "id">) => Array.from({ length: n }, () => ({ ...e }));

/** A query string from the parameters that are set. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** `key` null sends no credential. */
export function board(call: Call, p: Program, params: Record<string, string | number | undefined> = {}, key: string | null = p.adminKey): Promise<Answer> {
  return call("GET", `${p.base}/leaderboard${query(params)}`, { key: key ?? undefined });
}

/** `key` null sends no credential. */
export function score(
  call: Call,
  p: Program,
  id: string,
  params: Record<string, string | number | undefined> = {},
  key: string | null = p.adminKey,
): Promise<Answer> {
  return call("GET", `${p.base}/participants/${encodeURIComponent(id)}/score${query(params)}`, { key: key ?? undefined });
}

/** Every page of a board, following nextCursor from the first page; asserts each page is well-formed. */
export async function walk(call: Call, p: Program, params: Record<string, string | number | undefined>, key: string | null = p.adminKey) {
  const pages: Answer[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await board(call, p, { ...params, cursor }, key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res);
    const limit = Number(params.limit ?? 100);
    expect(res.body.entries.length).toBeLessThanOrEqual(limit);
    if (res.body.nextCursor === null) break;
    // A page that says more follow is full, and is never the last one.
    expect(res.body.entries.length).toBe(limit);
    expect(typeof res.body.nextCursor).toBe("string");
    cursor = res.body.nextCursor;
    if (pages.length > 1000) throw new Error("too many pages");
  }
  return { pages, entries: pages.flatMap((page) => page.body.entries) };
}

/** Entries as [rank, id, score] triples, for compact comparisons. */
export const triples = (entries: { rank: number; id: string; score: number }[]) => entries.map((e) => [e.rank, e.id, e.score]);
