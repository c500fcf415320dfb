/** The program, keys, events and expected scores the crash and load checks use (scripts/check-*.ts). */
import { randomBytes } from "node:crypto";
import { seededRandom } from "./demo/random.ts";

export const newOperatorKey = () => `lbo_${randomBytes(32).toString("base64url")}`;

export async function call(
  base: string,
  method: string,
  urlPath: string,
  key?: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${base}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text, for the report
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export interface CheckEvent {
  id: string;
  participant: string;
  metric: "touch" | "calls";
  occurredAt: string;
  value?: number;
}

/** Points of the check program's metrics in hundredths: `touch` counts 1.25 each, `calls` 0.5 per unit. */
const POINTS_H = { touch: 125, calls: 50 } as const;

/** An organisation and one program without opt-in or caps, `participants` participants and `keys` ingest keys. */
export async function setUpProgram(base: string, operatorKey: string, participants: number, keys: number) {
  const slug = `check-${randomBytes(4).toString("hex")}`;
  const org = await call(base, "POST", "/v1/orgs", operatorKey, { slug, name: "Check" });
  if (org.status !== 201) throw new Error(`org: ${org.status} ${JSON.stringify(org.body)}`);
  const adminKey: string = org.body.adminKey;
  const programPath = `/v1/programs/${slug}`;
  const doc = {
    name: "Check",
    timezone: "UTC",
    requireOptIn: false,
    visibility: "private",
    teamAggregation: "sum",
    metrics: [
      { key: "touch", name: "Touches", indicator: "lead", aggregation: "count", points: 1.25, dailyCap: null },
      { key: "calls", name: "Calls", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: null },
    ],
    teams: [],
    targets: [],
  };
  const program = await call(base, "PUT", programPath, adminKey, doc);
  if (program.status !== 201) throw new Error(`program: ${program.status} ${JSON.stringify(program.body)}`);
  const ids = Array.from({ length: participants }, (_, i) => `p-${String(i).padStart(3, "0")}`);
  const up = await call(base, "PUT", `${programPath}/participants`, adminKey, {
    participants: ids.map((id) => ({ id, displayName: id, team: null, cohort: null })),
  });
  if (up.status !== 200) throw new Error(`participants: ${up.status} ${JSON.stringify(up.body)}`);
  const ingestKeys: string[] = [];
  for (let i = 0; i < keys; i++) {
    const res = await call(base, "POST", `${programPath}/keys`, adminKey, { role: "ingest" });
    if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`);
    ingestKeys.push(res.body.key);
  }
  return { slug, adminKey, programPath, ids, ingestKeys };
}

/** A pool of `n` distinct events over the last 20 days (never ahead of the clock). */
export function eventPool(n: number, ids: string[], random: () => number, tag: string): CheckEvent[] {
  const now = Date.now() - 60 * 60_000;
  return Array.from({ length: n }, (_, i) => {
    const metric = random() < 0.5 ? "touch" : "calls";
    const e: CheckEvent = {
      id: `${tag}-${i}`,
      participant: ids[Math.floor(random() * ids.length)],
      metric,
      occurredAt: new Date(now - Math.floor(random() * 20 * 24 * 60) * 60_000).toISOString(),
    };
    if (metric === "calls") e.value = Math.floor(random() * 1000) / 100;
    return e;
  });
}

/** Each participant's all-time score in ten-thousandths, from the distinct events. */
export function expectedScores(events: Iterable<CheckEvent>, ids: string[]): Map<string, number> {
  const out = new Map(ids.map((id) => [id, 0]));
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const unitsH = e.metric === "touch" ? 100 : Math.round((e.value ?? 0) * 100);
    out.set(e.participant, out.get(e.participant)! + unitsH * POINTS_H[e.metric]);
  }
  return out;
}

/** The all-time board's scores (ten-thousandths) of every participant, read through the API. */
export async function boardScores(base: string, p: { adminKey: string; programPath: string; ids: string[] }): Promise<Map<string, number>> {
  const out = new Map(p.ids.map((id) => [id, 0]));
  let cursor: string | null = null;
  do {
    const q: string = `period=all&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await call(base, "GET", `${p.programPath}/leaderboard?${q}`, p.adminKey);
    if (res.status !== 200) throw new Error(`leaderboard: ${res.status} ${JSON.stringify(res.body)}`);
    for (const e of res.body.entries as { id: string; score: number }[]) out.set(e.id, Math.round(e.score * 10_000));
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** The differences between two score maps, as lines; empty when equal. */
export function differences(expected: Map<string, number>, actual: Map<string, number>): string[] {
  const lines: string[] = [];
  for (const [id, want] of expected) if (actual.get(id) !== want) lines.push(`${id}: expected ${want / 10_000}, got ${(actual.get(id) ?? 0) / 10_000}`);
  return lines;
}

/** A seeded random number generator, so a failing run can be repeated with its seed. */
export const prng = (seed: number): (() => number) => seededRandom(seed).next;
