/**
 * The API worker alone under `wrangler dev` on 127.0.0.1, for the crash and load checks
 * (scripts/check-crash.ts, scripts/check-load.ts): a free port, a fresh temporary D1 with the
 * migrations applied, an operator key of its own, SIGKILL of workerd and wrangler by process id,
 * and the program, keys and expected scores those checks use.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom } from "./demo/random.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const env = () => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
  PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh temporary D1 with the migrations applied; answers its folder (remove it with `rmSync`). */
export function freshDatabase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "leadboard-check-"));
  const result = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "-c", "wrangler.toml", "--persist-to", dir], { cwd: ROOT, env: env(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`migrations: ${result.stdout}${result.stderr}`);
  return dir;
}

export const removeDatabase = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Every process under `pid` (children first found, then theirs), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export interface Server {
  base: string;
  child: ChildProcess;
  /** SIGKILL: workerd (and any other process wrangler started) first, then wrangler itself. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL of whatever is left. */
  stop(): Promise<void>;
  output(): string;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

function killIds(ids: number[], signal: NodeJS.Signals) {
  for (const id of ids) {
    try {
      process.kill(id, signal);
    } catch {
      // gone already
    }
  }
}

/** Starts `wrangler dev -c wrangler.toml` (the API only) on a free port over the D1 in `persistTo`. */
export async function startApi(persistTo: string, operatorKey: string, timeoutMs = 90_000): Promise<Server> {
  const [port, inspector] = [await freePort(), await freePort()];
  const child = spawn(
    "wrangler",
    [
      "dev", "-c", "wrangler.toml", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector),
      "--persist-to", persistTo, "--var", `OPERATOR_KEY:${operatorKey}`, "--show-interactive-dev-session=false", "--log-level", "warn",
    ],
    { cwd: ROOT, env: env(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (log = (log + d).slice(-20_000)));
  const server: Server = {
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    async kill9() {
      const pid = child.pid!;
      killIds(descendants(pid).reverse(), "SIGKILL");
      killIds([pid], "SIGKILL");
      await exited(child);
    },
    async stop() {
      const pid = child.pid!;
      const tree = descendants(pid);
      killIds([pid], "SIGTERM");
      await Promise.race([exited(child), new Promise((r) => setTimeout(r, 3000))]);
      killIds([...tree.reverse(), pid], "SIGKILL");
      await exited(child);
    },
  };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${server.base}/v1/public-programs`);
      if (res.status < 500) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`wrangler dev did not answer at ${server.base}:\n${log}`);
}

export const newOperatorKey = () => `lbo_${randomBytes(32).toString("base64url")}`;

export async function call(base: string, method: string, urlPath: string, key?: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
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
    name: "Check", timezone: "UTC", requireOptIn: false, visibility: "private", teamAggregation: "sum",
    metrics: [
      { key: "touch", name: "Touches", indicator: "lead", aggregation: "count", points: 1.25, dailyCap: null },
      { key: "calls", name: "Calls", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: null },
    ],
    teams: [], targets: [],
  };
  const program = await call(base, "PUT", programPath, adminKey, doc);
  if (program.status !== 201) throw new Error(`program: ${program.status} ${JSON.stringify(program.body)}`);
  const ids = Array.from({ length: participants }, (_, i) => `p-${String(i).padStart(3, "0")}`);
  const up = await call(base, "PUT", `${programPath}/participants`, adminKey, { participants: ids.map((id) => ({ id, displayName: id, team: null, cohort: null })) });
  if (up.status !== 200) throw new Error(`participants: ${up.status} ${JSON.stringify(up.body)}`);
  const ingestKeys: string[] = [];
  for (let i = 0; i < keys; i++) {
    const res = await call(base, "POST", `${programPath}/keys`, adminKey, { role: "ingest" });
    if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`);
    ingestKeys.push(res.body.key);
  }
  return { adminKey, programPath, ids, ingestKeys };
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
