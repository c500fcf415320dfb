/** The figures a run measures, their targets, and the result written to results.json. */
import { execFileSync } from "node:child_process";
import os from "node:os";
import type { BenchRun, ReadLatency } from "./context.ts";
import { type Latency, round } from "./load.ts";
import { REPO } from "./server.ts";

/** Figures shared by Leadboard and the baselines, under the names results.json uses. */
export interface Figures {
  ingest_batched_eps: number | null;
  ingest_batch_p50_ms: number | null;
  ingest_batch_p99_ms: number | null;
  ingest_single_eps: number | null;
  ingest_single_p50_ms: number | null;
  ingest_single_p99_ms: number | null;
  http_p50_ms: number | null;
  http_p99_ms: number | null;
  floor_p50_ms: number | null;
  floor_p99_ms: number | null;
  top100_p50_ms: number | null;
  top100_p99_ms: number | null;
  team_p50_ms: number | null;
  team_p99_ms: number | null;
  score_p50_ms: number | null;
  score_p99_ms: number | null;
  around_p50_ms: number | null;
  around_p99_ms: number | null;
  top100_half_load_p99_ms: number | null;
  team_half_load_p99_ms: number | null;
  score_half_load_p99_ms: number | null;
  power100_s: number | null;
  rebuild_s: number | null;
  tenancy_p99_ratio: number | null;
  rows_written_per_event: number | null;
  peak_rss_mb: number | null;
  isolate_heap_peak_mb: number | null;
}

/** A target of the large preset: a bound, and for some reads also a multiple of the Redis-behind-HTTP baseline's figure. */
export interface Target {
  value: number;
  cmp: ">=" | "<=";
  timesHttpBaseline?: number;
}

export const FIGURES: { key: keyof Figures; label: string; unit: string; target?: Target }[] = [
  { key: "ingest_batched_eps", label: "ingest, batches of 1000", unit: "ev/s", target: { value: 30_000, cmp: ">=" } },
  { key: "ingest_batch_p99_ms", label: "  one batch, p99", unit: "ms" },
  { key: "ingest_single_eps", label: "ingest, single events, 32 clients", unit: "ev/s", target: { value: 1_500, cmp: ">=" } },
  { key: "ingest_single_p50_ms", label: "  one event, p50", unit: "ms" },
  { key: "ingest_single_p99_ms", label: "  one event, p99", unit: "ms" },
  { key: "http_p50_ms", label: "HTTP alone: a 404 outside the API, p50", unit: "ms" },
  { key: "http_p99_ms", label: "HTTP alone: a 404 outside the API, p99", unit: "ms" },
  { key: "floor_p50_ms", label: "floor: cheapest authenticated read, p50", unit: "ms" },
  { key: "floor_p99_ms", label: "floor: cheapest authenticated read, p99", unit: "ms" },
  { key: "top100_p50_ms", label: "top-100 board, p50", unit: "ms" },
  { key: "top100_p99_ms", label: "top-100 board, p99", unit: "ms", target: { value: 20, cmp: "<=", timesHttpBaseline: 2 } },
  { key: "team_p50_ms", label: "team board, p50", unit: "ms" },
  { key: "team_p99_ms", label: "team board, p99", unit: "ms", target: { value: 40, cmp: "<=" } },
  { key: "score_p50_ms", label: "participant score + rank, p50", unit: "ms" },
  { key: "score_p99_ms", label: "participant score + rank, p99", unit: "ms", target: { value: 20, cmp: "<=", timesHttpBaseline: 2 } },
  { key: "around_p50_ms", label: "deep page (around, near bottom), p50", unit: "ms" },
  { key: "around_p99_ms", label: "deep page (around, near bottom), p99", unit: "ms", target: { value: 25, cmp: "<=" } },
  { key: "top100_half_load_p99_ms", label: "top-100 board, p99 at half load", unit: "ms" },
  { key: "team_half_load_p99_ms", label: "team board, p99 at half load", unit: "ms" },
  { key: "score_half_load_p99_ms", label: "participant score + rank, p99 at half load", unit: "ms" },
  { key: "power100_s", label: "Power 100 generation", unit: "s", target: { value: 1, cmp: "<=" } },
  { key: "rebuild_s", label: "first read of a hot board after a restart", unit: "s", target: { value: 5, cmp: "<=" } },
  { key: "tenancy_p99_ratio", label: "2nd program's board p99, busy ÷ idle", unit: "×", target: { value: 2, cmp: "<=" } },
  { key: "rows_written_per_event", label: "SQLite rows written per event", unit: "rows", target: { value: 3, cmp: "<=" } },
  { key: "peak_rss_mb", label: "peak memory of the server process", unit: "MB" },
  { key: "isolate_heap_peak_mb", label: "peak heap of the worker isolate", unit: "MB", target: { value: 128, cmp: "<=" } },
];

const NO_TEAMS = "Redis sorted sets have no team roll-up (a team tree with mean aggregation would need more sets kept at ingest and a client-side roll-up)";

/** Why a baseline figure is null, for each baseline. */
export const NO_EQUIVALENT: Record<"raw" | "http", Partial<Record<keyof Figures, string>>> = {
  raw: {
    http_p50_ms: "Redis has no HTTP layer: its floor, PING, is the floor figures",
    http_p99_ms: "Redis has no HTTP layer: its floor, PING, is the floor figures",
    team_p50_ms: NO_TEAMS,
    team_p99_ms: NO_TEAMS,
    team_half_load_p99_ms: NO_TEAMS,
    rebuild_s: "Redis runs without persistence here: nothing to rebuild from",
    tenancy_p99_ratio: "one Redis holds one program",
    rows_written_per_event: "Redis writes no rows (in memory, no persistence)",
    isolate_heap_peak_mb: "Redis runs no JavaScript isolate (its whole process is peak_rss_mb)",
  },
  http: {
    team_p50_ms: NO_TEAMS,
    team_p99_ms: NO_TEAMS,
    team_half_load_p99_ms: NO_TEAMS,
    power100_s: "not built: the baseline answers only ingestion and board reads",
    rebuild_s: "Redis runs without persistence here: nothing to rebuild from",
    tenancy_p99_ratio: "one Redis holds one program",
    rows_written_per_event: "Redis writes no rows (in memory, no persistence)",
    peak_rss_mb: "two processes (node:http and redis-server); not measured",
    isolate_heap_peak_mb: "no isolate: a Node process",
  },
};

/** A side's figures, with what else it measured. */
export type Measured = Figures & { details: Record<string, unknown> };

export function figuresOf(
  batchedEps: number,
  batched: Latency,
  single: Latency,
  reads: Record<string, ReadLatency>,
  powerSeconds: number | null,
  rssMb: number | null,
): Figures {
  const read = (name: string, p: "p50_ms" | "p99_ms") => reads[name]?.[p] ?? null;
  const halfLoad = (name: string) => reads[name]?.half_load.p99_ms ?? null;
  return {
    ingest_batched_eps: round(batchedEps, 0),
    ingest_batch_p50_ms: batched.p50_ms,
    ingest_batch_p99_ms: batched.p99_ms,
    ingest_single_eps: round(single.per_s, 0),
    ingest_single_p50_ms: single.p50_ms,
    ingest_single_p99_ms: single.p99_ms,
    http_p50_ms: read("http", "p50_ms"),
    http_p99_ms: read("http", "p99_ms"),
    floor_p50_ms: read("floor", "p50_ms"),
    floor_p99_ms: read("floor", "p99_ms"),
    top100_p50_ms: read("top100", "p50_ms"),
    top100_p99_ms: read("top100", "p99_ms"),
    team_p50_ms: read("team", "p50_ms"),
    team_p99_ms: read("team", "p99_ms"),
    score_p50_ms: read("score", "p50_ms"),
    score_p99_ms: read("score", "p99_ms"),
    around_p50_ms: read("around", "p50_ms"),
    around_p99_ms: read("around", "p99_ms"),
    top100_half_load_p99_ms: halfLoad("top100"),
    team_half_load_p99_ms: halfLoad("team"),
    score_half_load_p99_ms: halfLoad("score"),
    power100_s: powerSeconds === null ? null : round(powerSeconds, 3),
    rebuild_s: null,
    tenancy_p99_ratio: null,
    rows_written_per_event: null,
    peak_rss_mb: rssMb === null ? null : round(rssMb, 1),
    isolate_heap_peak_mb: null,
  };
}

/** Whether a figure meets its target: its bound, and where the target says so, a multiple of the HTTP baseline's figure. */
export function meets(key: keyof Figures, value: number | null, httpBaseline: Partial<Figures> | null): boolean | null {
  const target = FIGURES.find((f) => f.key === key)?.target;
  if (!target || value === null) return null;
  const bound = target.cmp === ">=" ? value >= target.value : value <= target.value;
  const base = httpBaseline?.[key];
  const relative = target.timesHttpBaseline === undefined || base === null || base === undefined ? true : value <= target.timesHttpBaseline * base;
  return bound && relative;
}

const ratios = (a: Figures, b: Partial<Figures> | null) =>
  b ? Object.fromEntries(FIGURES.map(({ key }) => [key, a[key] === null || !b[key] ? null : round(a[key]! / b[key]!, 3)])) : null;

function baselineResult(side: Measured | null, kind: "raw" | "http", setup: Record<string, string>) {
  if (!side) return null;
  const { details, ...figures } = side;
  const why = NO_EQUIVALENT[kind];
  return {
    ...figures,
    why_null: Object.fromEntries(Object.entries(why).filter(([k]) => figures[k as keyof Figures] === null)),
    setup: { ...setup, ...details },
  };
}

/** The result object of results.json for the run: figures, targets, machine, setup, the baselines and ratios. */
export function buildResult(run: BenchRun, product: Measured, raw: Measured | null, served: Measured | null, loadBefore: number[], note: string | null) {
  const { preset, eventsLoaded, boardWeek } = run;
  const { details, ...figures } = product;
  const httpFigures = served ? (({ details: _d, ...f }) => f)(served) : null;
  return {
    participants: preset.participants,
    events: eventsLoaded,
    ...(eventsLoaded < preset.events ? { events_planned: preset.events, ingest_stopped_early: true } : {}),
    ...figures,
    targets_met: Object.fromEntries(FIGURES.filter((f) => f.target).map((f) => [f.key, meets(f.key, figures[f.key], httpFigures)])),
    measured_at: new Date().toISOString(),
    machine: machine(loadBefore, note),
    setup: {
      weeks: preset.weeks,
      board_week: boardWeek,
      batch_concurrency: preset.batchConcurrency,
      single_concurrency: preset.singleConcurrency,
      read_concurrency: preset.readConcurrency,
      reads_per_kind: preset.reads,
      server:
        "the API worker as `wrangler deploy` bundles it, served by the Miniflare class in one workerd on its own socket (scripts/leadboard.ts: local D1, program engines as SQLite-backed Durable Objects); program requireOptIn false",
      peak_rss_note:
        "VmHWM of the workerd process: the whole runtime (the worker's isolate, local D1 and the engines' SQLite with their caches), not one isolate",
      isolate_heap_note: `the worker isolate's V8 heap (totalSize + backingStorageSize of Runtime.getHeapUsage; the engines run in it too), sampled every 250 ms through workerd's inspector, ${run.heapLimitMb > 0 ? `with every isolate of the runtime under a V8 heap limit of ${run.heapLimitMb} MB (--max-heap-size), as a deployed isolate is: the load completed without running out of it` : "with no heap limit (V8 collects late, so the figure counts garbage)"}`,
      rows_written_note:
        "SQLite rows the program's engine wrote during the batched load (Storage.rowsWritten, read through the engine's stats() RPC) ÷ events accepted",
      code: run.code,
      ...details,
    },
    baseline: baselineResult(raw, "raw", {
      server: `redis-server ${redisVersion()} on loopback, no persistence; one sorted set per ISO week; ZINCRBY per event (uncapped points); participants pre-registered with ZADD NX 0`,
      reads:
        "floor: PING; top100: ZREVRANGE 0 99 WITHSCORES; score: ZSCORE+ZREVRANK+ZCARD pipelined; around: ZREVRANK then ZREVRANGE; power100: ZREVRANGE+ZCOUNT, ZREVRANK+ZSCORE of the previous week pipelined, SET",
      peak_rss_note: "VmHWM of redis-server",
    }),
    baseline_http: baselineResult(served, "http", {
      server:
        "bench/baseline-http.ts: node:http and ioredis (one connection) in a process of its own, over the same redis-server, answering Leadboard's v1 paths for ingestion and board reads; loaded by the same client code as Leadboard",
      reads:
        "floor: PING; top100: ZREVRANGE 0 99 WITHSCORES; score: ZSCORE+ZREVRANK+ZCARD pipelined; around: ZREVRANK then ZREVRANGE; events: ZINCRBY per event, pipelined per batch",
    }),
    ratio_to_baseline: ratios(figures, raw),
    ratio_to_baseline_http: ratios(figures, httpFigures),
  };
}

function machine(loadBefore: number[], note: string | null) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load_before: loadBefore.map((x) => round(x, 2)),
    load_after: os.loadavg().map((x) => round(x, 2)),
    note,
  };
}

/** The commit the run measures, read when it starts (the server bundles the work tree then). */
export function codeVersion(): string | null {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    const dirty =
      execFileSync("git", ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.json"], {
        cwd: REPO,
        encoding: "utf8",
      }).trim() !== "";
    return `${head}${dirty ? " (with uncommitted changes)" : ""}`;
  } catch {
    return null;
  }
}

function redisVersion() {
  try {
    return /v=(\S+)/.exec(execFileSync("redis-server", ["--version"], { encoding: "utf8" }))?.[1] ?? "";
  } catch {
    return "";
  }
}
