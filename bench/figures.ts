/** The figures a run measures, the result written to results.json, and the table printed. */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { type BenchRun, fmt, type ReadLatency } from "./context.ts";
import { type Latency, round } from "./load.ts";
import { REPO } from "./server.ts";

/** Figures shared by Leadboard and the baseline, under the names results.json uses. */
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
  peak_rss_mb: number | null;
  isolate_heap_peak_mb: number | null;
}

export const FIGURES: { key: keyof Figures; label: string; unit: string; higherIsBetter: boolean; target?: { value: number; cmp: ">=" | "<=" } }[] = [
  { key: "ingest_batched_eps", label: "ingest, batches of 1000", unit: "ev/s", higherIsBetter: true, target: { value: 20_000, cmp: ">=" } },
  { key: "ingest_batch_p99_ms", label: "  one batch, p99", unit: "ms", higherIsBetter: false },
  { key: "ingest_single_eps", label: "ingest, single events, 32 clients", unit: "ev/s", higherIsBetter: true },
  { key: "ingest_single_p50_ms", label: "  one event, p50", unit: "ms", higherIsBetter: false },
  { key: "ingest_single_p99_ms", label: "  one event, p99", unit: "ms", higherIsBetter: false },
  { key: "http_p50_ms", label: "HTTP alone: a 404 without D1, p50", unit: "ms", higherIsBetter: false },
  { key: "http_p99_ms", label: "HTTP alone: a 404 without D1, p99", unit: "ms", higherIsBetter: false },
  { key: "floor_p50_ms", label: "floor: cheapest authenticated read, p50", unit: "ms", higherIsBetter: false },
  { key: "floor_p99_ms", label: "floor: cheapest authenticated read, p99", unit: "ms", higherIsBetter: false },
  { key: "top100_p50_ms", label: "top-100 board, p50", unit: "ms", higherIsBetter: false },
  { key: "top100_p99_ms", label: "top-100 board, p99", unit: "ms", higherIsBetter: false, target: { value: 20, cmp: "<=" } },
  { key: "team_p50_ms", label: "team board, p50", unit: "ms", higherIsBetter: false },
  { key: "team_p99_ms", label: "team board, p99", unit: "ms", higherIsBetter: false, target: { value: 100, cmp: "<=" } },
  { key: "score_p50_ms", label: "participant score + rank, p50", unit: "ms", higherIsBetter: false },
  { key: "score_p99_ms", label: "participant score + rank, p99", unit: "ms", higherIsBetter: false, target: { value: 20, cmp: "<=" } },
  { key: "around_p50_ms", label: "deep page (around, near bottom), p50", unit: "ms", higherIsBetter: false },
  { key: "around_p99_ms", label: "deep page (around, near bottom), p99", unit: "ms", higherIsBetter: false },
  { key: "top100_half_load_p99_ms", label: "top-100 board, p99 at half load", unit: "ms", higherIsBetter: false },
  { key: "team_half_load_p99_ms", label: "team board, p99 at half load", unit: "ms", higherIsBetter: false },
  { key: "score_half_load_p99_ms", label: "participant score + rank, p99 at half load", unit: "ms", higherIsBetter: false },
  { key: "power100_s", label: "Power 100 generation", unit: "s", higherIsBetter: false, target: { value: 5, cmp: "<=" } },
  { key: "peak_rss_mb", label: "peak memory of the server process", unit: "MB", higherIsBetter: false },
  { key: "isolate_heap_peak_mb", label: "peak heap of the worker isolate", unit: "MB", higherIsBetter: false, target: { value: 128, cmp: "<=" } },
];

/** Why a baseline figure is null. */
export const NO_EQUIVALENT: Partial<Record<keyof Figures, string>> = {
  http_p50_ms: "Redis has no HTTP layer: its floor, PING, is the floor figures",
  http_p99_ms: "Redis has no HTTP layer: its floor, PING, is the floor figures",
  team_half_load_p99_ms: "Redis sorted sets have no team roll-up",
  team_p50_ms: "Redis sorted sets have no team roll-up (a team tree with mean aggregation would need more sets kept at ingest and a client-side roll-up)",
  team_p99_ms: "Redis sorted sets have no team roll-up (a team tree with mean aggregation would need more sets kept at ingest and a client-side roll-up)",
  isolate_heap_peak_mb: "Redis runs no JavaScript isolate (its whole process is peak_rss_mb)",
};

/** A side's figures, with what else it measured. */
export type Measured = Figures & { details: Record<string, unknown> };

export function figuresOf(batchedEps: number, batched: Latency, single: Latency, reads: Record<string, ReadLatency>, powerSeconds: number, rssMb: number | null): Figures {
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
    power100_s: round(powerSeconds, 3),
    peak_rss_mb: rssMb === null ? null : round(rssMb, 1),
    isolate_heap_peak_mb: null,
  };
}

/** The result object of results.json for the run: figures, machine, setup, baseline and ratios. */
export function buildResult(run: BenchRun, product: Measured, baseline: Measured | null, loadBefore: number[], note: string | null) {
  const { preset, eventsLoaded, boardWeek } = run;
  const { details, ...figures } = product;
  const ratios: Record<string, number | null> = {};
  for (const { key } of FIGURES) {
    const a = figures[key];
    const b = baseline?.[key];
    ratios[key] = a === null || b === null || b === undefined || b === 0 ? null : round(a / b, 3);
  }
  return {
    participants: preset.participants,
    events: eventsLoaded,
    ...(eventsLoaded < preset.events ? { events_planned: preset.events, ingest_stopped_early: true } : {}),
    ...figures,
    measured_at: new Date().toISOString(),
    machine: machine(loadBefore, note),
    setup: {
      weeks: preset.weeks,
      board_week: boardWeek,
      batch_concurrency: preset.batchConcurrency,
      single_concurrency: preset.singleConcurrency,
      read_concurrency: preset.readConcurrency,
      reads_per_kind: preset.reads,
      server: "wrangler dev (local workerd + local D1/SQLite), --log-level warn; program requireOptIn false",
      peak_rss_note: "VmHWM of the workerd process that runs the worker (a child of wrangler; not the proxy workerd): the whole runtime (every isolate of miniflare, the local D1 SQLite engine and its page cache), not one isolate",
      isolate_heap_note: `the worker isolate's V8 heap (totalSize + backingStorageSize of Runtime.getHeapUsage), sampled every 250 ms through wrangler's inspector, ${run.heapLimitMb > 0 ? `with every isolate of the runtime under a V8 heap limit of ${run.heapLimitMb} MB (--max-heap-size), as a deployed isolate is: the load completed without running out of it` : "with no heap limit (V8 collects late, so the figure counts garbage)"}`,
      code: run.code,
      ...details,
    },
    baseline: baseline
      ? (() => {
          const { details: baselineDetails, ...b } = baseline;
          return {
            ...b,
            why_null: Object.fromEntries(Object.keys(NO_EQUIVALENT).filter((k) => b[k as keyof Figures] === null).map((k) => [k, NO_EQUIVALENT[k as keyof Figures]])),
            setup: {
              server: `redis-server ${redisVersion()} on loopback, no persistence; one sorted set per ISO week; ZINCRBY per event (uncapped points); participants pre-registered with ZADD NX 0`,
              reads: "floor: PING; top100: ZREVRANGE 0 99 WITHSCORES; score: ZSCORE+ZREVRANK+ZCARD pipelined; around: ZREVRANK then ZREVRANGE; power100: ZREVRANGE+ZCOUNT, ZREVRANK+ZSCORE of the previous week pipelined, SET",
              peak_rss_note: "VmHWM of redis-server",
              ...baselineDetails,
            },
          };
        })()
      : null,
    ratio_to_baseline: baseline ? ratios : null,
  };
}

export function printTable(run: BenchRun, result: ReturnType<typeof buildResult>) {
  const { preset, eventsLoaded } = run;
  const b = result.baseline as Partial<Figures> | null;
  const cell = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? "—" : `${v >= 100 ? fmt(v) : v} ${unit}`);
  console.log(`\nLeadboard vs Redis sorted sets — preset ${preset.name}: ${fmt(preset.participants)} participants, ${fmt(eventsLoaded)} events${eventsLoaded < preset.events ? ` (load stopped early; ${fmt(preset.events)} planned)` : ""}`);
  console.log(`machine: ${result.machine.cpu} × ${result.machine.cores}, ${result.machine.memory_gb} GB, load average before ${result.machine.load_before.join(" ")}\n`);
  const rows = [["figure", "Leadboard", "Redis", "ratio L/R", "", "target (large)"]];
  for (const f of FIGURES) {
    const a = (result as unknown as Figures)[f.key];
    const r = b?.[f.key];
    const ratio = (result.ratio_to_baseline as Record<string, number | null> | null)?.[f.key] ?? null;
    let verdict = "";
    if (ratio !== null && ratio > 0) {
      const slower = f.higherIsBetter ? 1 / ratio : ratio;
      verdict = slower >= 1 ? `Leadboard ${slower.toFixed(1)}× ${f.unit === "MB" ? "larger" : "slower"}` : `Leadboard ${(1 / slower).toFixed(1)}× ${f.unit === "MB" ? "smaller" : "faster"}`;
    } else if (b && r === null) verdict = "no Redis equivalent (see below)";
    let target = "";
    if (f.target && a !== null) {
      const ok = f.target.cmp === ">=" ? a >= f.target.value : a <= f.target.value;
      target = `${f.target.cmp} ${fmt(f.target.value)} ${f.unit}: ${ok ? "met" : "MISSED"}`;
    }
    rows.push([f.label, cell(a, f.unit), b ? cell(r, f.unit) : "(no baseline)", ratio === null ? "—" : String(ratio), verdict, target]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((c, i) => (i === 0 || i >= 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd());
  console.log("");
  for (const [k, why] of Object.entries(NO_EQUIVALENT)) if (b && b[k as keyof Figures] === null) console.log(`Redis ${k} is null: ${why}.`);
  console.log(
    [
      "Notes: latencies are measured by the client over loopback (closed loop, " +
        `${preset.readConcurrency} concurrent readers, ${preset.reads} requests a kind, after a warm-up), for the last ended week's boards.`,
      "A closed loop keeps the server saturated. \"At half load\" is an open loop: requests arrive on a schedule at half the rate",
      "Leadboard answered saturated (the same rate for Redis), and each latency counts from when its request was due.",
      "Peak memory is the VmHWM of the workerd process that runs the worker: the whole runtime (all of miniflare's isolates, the local",
      "D1 SQLite engine and its cache), not one isolate. The isolate figure is the worker's own V8 heap (reserved heap plus ArrayBuffer",
      "stores), read through the inspector (Runtime.getHeapUsage) every 250 ms: what the 128 MB limit applies to; peaks between samples",
      `can be missed. ${run.heapLimitMb > 0 ? `The runtime's isolates ran under a V8 heap limit of ${run.heapLimitMb} MB, as a deployed isolate does, and none ran out of it.` : "The isolates ran with no heap limit, so the figure counts garbage V8 had not collected yet."}`,
      "Redis keeps no daily caps, no idempotency ids, no per-day/month/quarter scores and nothing durable: it is the",
      "speed of the bare data structure, not an equivalent product.",
      "The load generator runs on the same machine and competes for its cores with the server (for Redis too).",
    ].join("\n"),
  );
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

/** The commit the run measures, read when it starts (the server runs a snapshot of the work tree taken then). */
export function codeVersion(): string | null {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.json"], { cwd: REPO, encoding: "utf8" }).trim() !== "";
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
