/**
 * `npm run bench -- --preset small|large|tiny [--no-baseline] [--participants N] [--events N] [--out FILE] [--note TEXT]
 *   [--max-ingest-minutes M] [--heap-limit-mb N] [--keep-tmp]`
 *
 * --max-ingest-minutes stops the batched load after M minutes (the figures then hold the events
 * loaded by then, and say so); --heap-limit-mb runs the runtime's isolates under a V8 heap limit of
 * N MB, as a deployed isolate runs under 128 MB (default 128; 0 for none); --keep-tmp keeps the
 * server's state directory for inspection.
 *
 * Builds a synthetic program at the preset's scale, loads it through the HTTP API of the product
 * running locally as `npm start` runs it (scripts/leadboard.ts; started and stopped here), measures
 * ingestion, the engine's rows written per event, reads, Power 100 generation, the first reads
 * after a restart and a second program's reads beside the first one's heaviest work; then runs the
 * same workload against Redis sorted sets, raw and behind a node:http server (what a team would
 * otherwise build), prints each figure beside both with their ratios and the targets, and writes
 * bench/results.json (one object per preset).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runRedis } from "./baseline.ts";
import { runRedisOverHttp } from "./baseline-http-load.ts";
import { type BenchRun, fmt, log } from "./context.ts";
import { buildResult, codeVersion, type Measured } from "./figures.ts";
import { isoWeek, lastEndedWeek, participantId, population } from "./generate.ts";
import { runLeadboard } from "./leadboard.ts";
import { PRESETS, type Preset } from "./presets.ts";
import { INSTALL_HINT, redisAvailable, startRedis } from "./redis.ts";
import { printTable } from "./report.ts";
import { REPO } from "./server.ts";

const { values: args } = parseArgs({
  options: {
    preset: { type: "string", default: "small" },
    "no-baseline": { type: "boolean", default: false },
    participants: { type: "string" },
    events: { type: "string" },
    out: { type: "string", default: join(REPO, "bench", "results.json") },
    note: { type: "string" },
    "keep-tmp": { type: "boolean", default: false },
    "max-ingest-minutes": { type: "string" },
    "heap-limit-mb": { type: "string", default: "128" },
  },
});

const base = PRESETS[args.preset!];
if (!base) {
  console.error(`Unknown preset "${args.preset}": one of ${Object.keys(PRESETS).join(", ")}.`);
  process.exit(2);
}
const preset: Preset = {
  ...base,
  participants: args.participants ? Number(args.participants) : base.participants,
  events: args.events ? Number(args.events) : base.events,
};
const heapLimitMb = Number(args["heap-limit-mb"]);
if (!Number.isInteger(heapLimitMb) || heapLimitMb < 0) {
  console.error(`--heap-limit-mb takes a whole number of MB (0 for no limit), not "${args["heap-limit-mb"]}".`);
  process.exit(2);
}
const withBaseline = !args["no-baseline"];
if (withBaseline && !redisAvailable()) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

// ---- processes to stop whatever happens ------------------------------------------------------
const killers = new Set<() => void>();
process.on("exit", () => killers.forEach((k) => k()));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the servers.`);
    process.exit(130);
  });
}

// ---- the run --------------------------------------------------------------------------------
const now = Date.now();
const boardWeek = lastEndedWeek(now);
const previousWeek = isoWeek(now - 14 * 86_400_000);
const dir = mkdtempSync(join(os.tmpdir(), "leadboard-bench-"));
// Last on exit, after the servers are killed: the state directory goes too (unless --keep-tmp).
process.on("exit", () => {
  if (!args["keep-tmp"]) rmSync(dir, { recursive: true, force: true });
});
const loadBefore = os.loadavg();
log(
  `preset ${preset.name}: ${fmt(preset.participants)} participants, ${fmt(preset.events)} events over ${preset.weeks} weeks; boards for week ${boardWeek}; work dir ${dir}`,
);

const pop = population(preset.participants);
// A dormant participant (never active, score 0) with one of the highest ids: near the very bottom of the board.
const aroundTarget = pop.dormant.length
  ? participantId(pop.dormant[Math.max(0, pop.dormant.length - 1 - Math.min(10, Math.floor(pop.dormant.length / 4)))])
  : participantId(preset.participants - 1);

const run: BenchRun = {
  preset,
  dir,
  now,
  boardWeek,
  previousWeek,
  pop,
  aroundTarget,
  code: codeVersion(),
  heapLimitMb,
  maxIngestMinutes: args["max-ingest-minutes"] ? Number(args["max-ingest-minutes"]) : Infinity,
  eventsLoaded: preset.events,
  halfLoadRates: {},
  killers,
};
let exitCode = 0;
let product: Measured | null = null;
let baseline: Measured | null = null;
let baselineHttp: Measured | null = null;
try {
  product = await runLeadboard(run);
  if (withBaseline) {
    log("baselines: starting redis-server…");
    const redis = await startRedis(dir);
    killers.add(redis.kill);
    try {
      baseline = await runRedis(run, redis);
      baselineHttp = await runRedisOverHttp(run, redis);
    } finally {
      await redis.stop();
      killers.delete(redis.kill);
    }
  }
} catch (error) {
  console.error(`\nThe benchmark failed: ${(error as Error).stack ?? error}`);
  exitCode = 1;
} finally {
  if (!args["keep-tmp"]) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

if (product) {
  const result = buildResult(run, product, baseline, baselineHttp, loadBefore, args.note ?? null);
  printTable(run, result);
  const out = args.out!;
  const all = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : {};
  all[preset.name] = result;
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
  log(`results written to ${out} under "${preset.name}"`);
}
process.exit(exitCode);
