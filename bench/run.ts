/**
 * `npm run bench -- --preset small|large|tiny [--no-baseline] [--participants N] [--events N] [--out FILE] [--note TEXT]
 *   [--max-ingest-minutes M] [--keep-tmp]`
 *
 * --max-ingest-minutes stops the batched load after M minutes (the figures then hold the events
 * loaded by then, and say so); --keep-tmp keeps the server's state directory for inspection.
 *
 * Builds a synthetic program at the preset's scale, loads it through the HTTP API of the product
 * running locally under `wrangler dev` (started and stopped here), measures ingestion, reads and
 * Power 100 generation, then runs the same workload against Redis sorted sets, prints each figure
 * beside the baseline's with their ratio, and writes bench/results.json (one object per preset).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Redis } from "ioredis";
import { type EventBatch, eventBatches, historyStart, isoWeek, lastEndedWeek, PROGRAM_SLUG, participantChunks, participantId, population, programDocument, singleEvents } from "./generate.ts";
import { api, closedLoop, http, type Latency, round, summarise } from "./load.ts";
import { PRESETS, type Preset } from "./presets.ts";
import { sampleIsolateHeap } from "./isolate.ts";
import { INSTALL_HINT, redisAvailable, type RedisServer, startRedis, weekKey } from "./redis.ts";
import { memoryOf, REPO, type Server, startServer, workerdProcesses } from "./server.ts";
import { seededRandom } from "../scripts/demo/random.ts";

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
const withBaseline = !args["no-baseline"];
if (withBaseline && !redisAvailable()) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

/** Figures shared by Leadboard and the baseline, under the names results.json uses. */
interface Figures {
  ingest_batched_eps: number | null;
  ingest_batch_p50_ms: number | null;
  ingest_batch_p99_ms: number | null;
  ingest_single_eps: number | null;
  ingest_single_p50_ms: number | null;
  ingest_single_p99_ms: number | null;
  top100_p50_ms: number | null;
  top100_p99_ms: number | null;
  team_p50_ms: number | null;
  team_p99_ms: number | null;
  score_p50_ms: number | null;
  score_p99_ms: number | null;
  around_p50_ms: number | null;
  around_p99_ms: number | null;
  power100_s: number | null;
  peak_rss_mb: number | null;
  isolate_heap_peak_mb: number | null;
}

const FIGURES: { key: keyof Figures; label: string; unit: string; higherIsBetter: boolean; target?: { value: number; cmp: ">=" | "<=" } }[] = [
  { key: "ingest_batched_eps", label: "ingest, batches of 1000", unit: "ev/s", higherIsBetter: true, target: { value: 20_000, cmp: ">=" } },
  { key: "ingest_batch_p99_ms", label: "  one batch, p99", unit: "ms", higherIsBetter: false },
  { key: "ingest_single_eps", label: "ingest, single events, 32 clients", unit: "ev/s", higherIsBetter: true },
  { key: "ingest_single_p50_ms", label: "  one event, p50", unit: "ms", higherIsBetter: false },
  { key: "ingest_single_p99_ms", label: "  one event, p99", unit: "ms", higherIsBetter: false },
  { key: "top100_p50_ms", label: "top-100 board, p50", unit: "ms", higherIsBetter: false },
  { key: "top100_p99_ms", label: "top-100 board, p99", unit: "ms", higherIsBetter: false, target: { value: 20, cmp: "<=" } },
  { key: "team_p50_ms", label: "team board, p50", unit: "ms", higherIsBetter: false },
  { key: "team_p99_ms", label: "team board, p99", unit: "ms", higherIsBetter: false, target: { value: 100, cmp: "<=" } },
  { key: "score_p50_ms", label: "participant score + rank, p50", unit: "ms", higherIsBetter: false },
  { key: "score_p99_ms", label: "participant score + rank, p99", unit: "ms", higherIsBetter: false, target: { value: 20, cmp: "<=" } },
  { key: "around_p50_ms", label: "deep page (around, near bottom), p50", unit: "ms", higherIsBetter: false },
  { key: "around_p99_ms", label: "deep page (around, near bottom), p99", unit: "ms", higherIsBetter: false },
  { key: "power100_s", label: "Power 100 generation", unit: "s", higherIsBetter: false, target: { value: 5, cmp: "<=" } },
  { key: "peak_rss_mb", label: "peak memory of the server process", unit: "MB", higherIsBetter: false },
  { key: "isolate_heap_peak_mb", label: "peak heap of the worker isolate", unit: "MB", higherIsBetter: false, target: { value: 128, cmp: "<=" } },
];

/** Why a baseline figure is null. */
const NO_EQUIVALENT: Partial<Record<keyof Figures, string>> = {
  team_p50_ms: "Redis sorted sets have no team roll-up (a team tree with mean aggregation would need more sets kept at ingest and a client-side roll-up)",
  team_p99_ms: "Redis sorted sets have no team roll-up (a team tree with mean aggregation would need more sets kept at ingest and a client-side roll-up)",
  isolate_heap_peak_mb: "Redis runs no JavaScript isolate (its whole process is peak_rss_mb)",
};

// ---- processes to stop whatever happens ------------------------------------------------------
const killers = new Set<() => void>();
process.on("exit", () => killers.forEach((k) => k()));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the servers.`);
    process.exit(130);
  });
}

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

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
log(`preset ${preset.name}: ${fmt(preset.participants)} participants, ${fmt(preset.events)} events over ${preset.weeks} weeks; boards for week ${boardWeek}; work dir ${dir}`);

const pop = population(preset.participants);
// A dormant participant (never active, score 0) with one of the highest ids: near the very bottom of the board.
const aroundTarget = pop.dormant.length ? participantId(pop.dormant[Math.max(0, pop.dormant.length - 1 - Math.min(10, Math.floor(pop.dormant.length / 4)))]) : participantId(preset.participants - 1);

/** Events loaded: the preset's, or fewer where --max-ingest-minutes cut the load short. */
let eventsLoaded = preset.events;
let exitCode = 0;
let product: (Figures & { details: Record<string, unknown> }) | null = null;
let baseline: (Figures & { details: Record<string, unknown> }) | null = null;
try {
  product = await runLeadboard();
  if (withBaseline) baseline = await runRedis();
} catch (error) {
  console.error(`\nThe benchmark failed: ${(error as Error).stack ?? error}`);
  exitCode = 1;
} finally {
  if (!args["keep-tmp"]) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

if (product) {
  const result = buildResult(product, baseline);
  printTable(result);
  const out = args.out!;
  const all = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : {};
  all[preset.name] = result;
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
  log(`results written to ${out} under "${preset.name}"`);
}
process.exit(exitCode);

// ---- Leadboard ------------------------------------------------------------------------------

async function runLeadboard() {
  const operatorKey = `op-${randomBytes(16).toString("hex")}`;
  log("starting wrangler dev (migrations, then the server)…");
  const server: Server = await startServer(dir, operatorKey);
  killers.add(server.kill);
  try {
    const b = server.base;
    const p = `/v1/programs/${PROGRAM_SLUG}`;

    // Setup: organisation, program, participants in chunks of 1000, an ingest key.
    const { adminKey } = await api(b, operatorKey, "POST", "/v1/orgs", { slug: "bench", name: "Bench Ltd" });
    const workerd = workerdProcesses(server);
    log(`server at ${b}; workerd runtime pid ${workerd.runtime ?? "not found"}, proxy pid ${workerd.proxy ?? "not found"}`);
    const rssAtStart = memoryOf(workerd.runtime)?.rssMb ?? null;
    const heap = await sampleIsolateHeap(server.inspectorPort);
    if (!heap) log("could not read the isolate's heap through the inspector; isolate_heap_peak_mb will be null");
    let sampledRssMb = 0;
    const sampler = setInterval(() => {
      sampledRssMb = Math.max(sampledRssMb, memoryOf(workerd.runtime)?.rssMb ?? 0);
    }, 500);
    const effectiveFrom = new Date(historyStart(now, preset.weeks)).toISOString().slice(0, 10);
    await api(b, adminKey, "PUT", p, programDocument(effectiveFrom));
    const setupStarted = performance.now();
    let upserted = 0;
    for (const chunk of participantChunks(pop, 1000)) {
      upserted += (await api(b, adminKey, "PUT", `${p}/participants`, { participants: chunk })).upserted;
      if (upserted % 20_000 === 0 || upserted === pop.count) log(`participants ${fmt(upserted)} / ${fmt(pop.count)}`);
    }
    const participantsSeconds = (performance.now() - setupStarted) / 1000;
    const { key: ingestKey } = await api(b, adminKey, "POST", `${p}/keys`, { role: "ingest" });

    // Batched ingestion: the whole history, batches of 1000, a few posters at once.
    log(`ingesting ${fmt(preset.events)} events in batches of 1000, ${preset.batchConcurrency} at a time…`);
    const batches = eventBatches(pop, preset.events, now, preset.weeks);
    let sent = 0;
    let accepted = 0;
    const rejected: string[] = [];
    const batchMs: number[] = [];
    const ingestStarted = performance.now();
    const progress = progressReporter("ingest", preset.events, () => `workerd RSS ${Math.round(memoryOf(workerd.runtime)?.rssMb ?? 0)} MB`);
    const deadline = args["max-ingest-minutes"] ? ingestStarted + Number(args["max-ingest-minutes"]) * 60_000 : Infinity;
    await Promise.all(
      Array.from({ length: preset.batchConcurrency }, async () => {
        for (let next = batches.next(); !next.done && performance.now() < deadline; next = batches.next()) {
          const body = JSON.stringify({ events: next.value.events });
          const r = await http(b, "POST", `${p}/events`, ingestKey, body);
          if (r.status !== 200) throw new Error(`POST events: ${r.status} ${r.text.slice(0, 300)}`);
          const answer = JSON.parse(r.text) as { accepted: number; rejected: { reason: string; message: string }[] };
          accepted += answer.accepted;
          for (const x of answer.rejected.slice(0, 3)) if (rejected.length < 5) rejected.push(`${x.reason}: ${x.message}`);
          sent += next.value.events.length;
          batchMs.push(r.ms);
          progress(sent);
        }
      }),
    );
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const batched = summarise(batchMs, ingestSeconds);
    log(`ingested ${fmt(sent)} events in ${ingestSeconds.toFixed(1)} s: ${fmt(sent / ingestSeconds)} ev/s; accepted ${fmt(accepted)}`);
    if (sent < preset.events) {
      log(`stopped the load after --max-ingest-minutes ${args["max-ingest-minutes"]}: ${fmt(sent)} of ${fmt(preset.events)} events loaded; every later figure is at that size`);
      eventsLoaded = sent;
    }
    if (accepted !== sent) {
      console.warn(`  ${fmt(sent - accepted)} events not accepted, e.g.:\n  ${rejected.join("\n  ")}`);
      if (sent - accepted > sent * 0.001) throw new Error("more than 0.1% of the events were not accepted");
    }

    // Single-event posts, 32 clients, each with its own ingest key: the product limits each
    // credential to 300 posts a second (wrangler.toml), which 32 clients sharing one would exceed.
    const singles = singleEvents(pop, preset.singleEvents, Date.now());
    const clientKeys: string[] = [];
    for (let i = 0; i < preset.singleConcurrency; i++) clientKeys.push((await api(b, adminKey, "POST", `${p}/keys`, { role: "ingest" })).key);
    log(`posting ${fmt(singles.events.length)} single events from ${preset.singleConcurrency} clients…`);
    const single = await closedLoop(singles.events.length, preset.singleConcurrency, preset.singleSeconds, async (i, client) => {
      const r = await http(b, "POST", `${p}/events`, clientKeys[client], JSON.stringify({ events: [singles.events[i]] }));
      if (r.status !== 200 || JSON.parse(r.text).accepted !== 1) throw new Error(`single event: ${r.status} ${r.text.slice(0, 300)}`);
      return r.ms;
    });
    log(`single events: ${fmt(single.n)} posted, ${fmt(single.per_s)} ev/s, p50 ${single.p50_ms} ms, p99 ${single.p99_ms} ms`);

    // Reads under concurrent load, for the last ended week (a full week of scores).
    const week = `period=week&at=${boardWeek}`;
    const first = await api(b, adminKey, "GET", `${p}/leaderboard?${week}&around=${aroundTarget}&limit=100`);
    const at = first.entries.findIndex((e: { id: string }) => e.id === aroundTarget);
    const aroundPosition = first.nextCursor === null ? first.total - (first.entries.length - 1 - at) : null;
    log(`board ${boardWeek}: ${fmt(first.total)} ranked; deep page around ${aroundTarget} (rank ${first.entries[at]?.rank}, position ${aroundPosition ?? "?"} of ${first.total})`);
    const random = seededRandom(99).next;
    const reads: Record<string, (i: number) => string> = {
      top100: () => `${p}/leaderboard?${week}&limit=100`,
      team: () => `${p}/leaderboard?scope=team&${week}`,
      score: () => `${p}/participants/${participantId(Math.floor(random() * pop.count))}/score?${week}`,
      around: () => `${p}/leaderboard?${week}&around=${aroundTarget}&limit=100`,
    };
    const latency: Record<string, Latency> = {};
    for (const [name, path] of Object.entries(reads)) {
      latency[name] = await measureReads(name, async (i) => {
        const r = await http(b, "GET", path(i), adminKey);
        if (r.status !== 200) throw new Error(`GET ${path(i)}: ${r.status} ${r.text.slice(0, 300)}`);
        return r.ms;
      });
    }

    // Power 100 of the last ended week (regenerated each run).
    const powerSeconds: number[] = [];
    let reportTotal = 0;
    for (let i = 0; i < preset.powerRuns; i++) {
      const r = await http(b, "POST", `${p}/reports/weekly/${boardWeek}`, adminKey);
      if (r.status !== 201) throw new Error(`Power 100: ${r.status} ${r.text.slice(0, 300)}`);
      reportTotal = JSON.parse(r.text).total;
      powerSeconds.push(r.ms / 1000);
    }
    log(`Power 100 ${boardWeek} (${fmt(reportTotal)} ranked): ${powerSeconds.map((s) => s.toFixed(2)).join(", ")} s`);

    clearInterval(sampler);
    const memory = memoryOf(workerd.runtime);
    const proxyMemory = memoryOf(workerd.proxy);
    const isolate = heap?.stop() ?? null;
    log(`worker isolate heap peak: ${isolate?.usedPeakMb ?? "?"} MB used, ${isolate?.totalPeakMb ?? "?"} MB reserved (${isolate?.samples ?? 0} samples)`);
    log(`workerd VmHWM ${memory ? Math.round(memory.hwmMb) : "?"} MB`);
    return {
      ...figuresOf(sent / ingestSeconds, batched, single, latency, median(powerSeconds), memory?.hwmMb ?? null),
      isolate_heap_peak_mb: isolate?.totalPeakMb ?? null,
      details: {
        isolate_heap_used_peak_mb: isolate?.usedPeakMb ?? null,
        rss_at_start_mb: rssAtStart === null ? null : round(rssAtStart, 1),
        isolate_heap_samples: isolate?.samples ?? 0,
        participants_upsert_s: round(participantsSeconds, 2),
        ingest_seconds: round(ingestSeconds, 1),
        accepted,
        single_events: single.n,
        reads: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, v])),
        around: { participant: aroundTarget, rank: first.entries[at]?.rank ?? null, position: aroundPosition, of: first.total },
        power100_runs_s: powerSeconds.map((s) => round(s, 3)),
        power100_total: reportTotal,
        peak_rss_sampled_mb: round(sampledRssMb, 1),
        proxy_workerd_peak_rss_mb: proxyMemory ? round(proxyMemory.hwmMb, 1) : null,
      },
    };
  } finally {
    await server.stop();
    killers.delete(server.kill);
  }
}

// ---- Redis ----------------------------------------------------------------------------------

async function runRedis() {
  log("baseline: starting redis-server…");
  const redis: RedisServer = await startRedis(dir);
  killers.add(redis.kill);
  try {
    const clients = await redis.connect(Math.max(preset.batchConcurrency, preset.singleConcurrency, preset.readConcurrency));
    const [c0] = clients;
    const board = weekKey(boardWeek);
    // Registering participants: every one is on the board with 0, as Leadboard ranks them (ZADD NX).
    for (const chunk of participantChunks(pop, 1000)) {
      await c0.zadd(board, "NX", ...chunk.flatMap((x) => [0, x.id]));
    }

    log(`baseline: ZINCRBY for ${fmt(eventsLoaded)} events, pipelines of 1000, ${preset.batchConcurrency} at a time…`);
    const batches = eventBatches(pop, preset.events, now, preset.weeks);
    const batchMs: number[] = [];
    let sent = 0;
    let queued = 0;
    const started = performance.now();
    const progress = progressReporter("baseline ingest", eventsLoaded, () => "");
    await Promise.all(
      clients.slice(0, preset.batchConcurrency).map(async (client) => {
        for (let next = batches.next(); !next.done && queued < eventsLoaded; next = batches.next()) {
          queued += next.value.events.length;
          const t = performance.now();
          await zincrby(client.pipeline(), next.value).exec();
          batchMs.push(performance.now() - t);
          sent += next.value.events.length;
          progress(sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const batched = summarise(batchMs, seconds);
    log(`baseline: ${fmt(sent / seconds)} ev/s`);

    const singles = singleEvents(pop, preset.singleEvents, Date.now());
    const single = await closedLoop(singles.events.length, preset.singleConcurrency, preset.singleSeconds, async (i, client) => {
      const t = performance.now();
      await clients[client].zincrby(weekKey(singles.weeks[i]), singles.points[i], singles.events[i].participant);
      return performance.now() - t;
    });

    const random = seededRandom(99).next;
    const reads: Record<string, (client: Redis) => Promise<unknown>> = {
      top100: (c) => c.zrevrange(board, 0, 99, "WITHSCORES"),
      // Score, rank and board size in one round trip.
      score: (c) => {
        const id = participantId(Math.floor(random() * pop.count));
        return c.pipeline().zscore(board, id).zrevrank(board, id).zcard(board).exec();
      },
      around: async (c) => {
        const rank = (await c.zrevrank(board, aroundTarget)) ?? 0;
        return c.zrevrange(board, Math.max(0, rank - 49), rank + 50, "WITHSCORES");
      },
    };
    const latency: Record<string, Latency> = {};
    for (const [name, read] of Object.entries(reads)) {
      latency[name] = await measureReads(`baseline ${name}`, async (_i, client) => {
        const t = performance.now();
        await read(clients[client]);
        return performance.now() - t;
      });
    }

    // Power 100: this week's top 100 with scores and the count of positive scores; last week's rank and score of each; the report stored.
    const powerSeconds: number[] = [];
    for (let i = 0; i < preset.powerRuns; i++) {
      const t = performance.now();
      const [top, total] = await Promise.all([c0.zrevrange(board, 0, 99, "WITHSCORES"), c0.zcount(board, "(0", "+inf")]);
      const ids = top.filter((_, k) => k % 2 === 0);
      const before = ids.reduce((pipe, id) => pipe.zrevrank(weekKey(previousWeek), id).zscore(weekKey(previousWeek), id), c0.pipeline());
      const previous = (await before.exec()) ?? [];
      const entries = ids.map((id, k) => ({ id, rank: k + 1, score: Number(top[2 * k + 1]), previousRank: previous[2 * k]?.[1], previousScore: previous[2 * k + 1]?.[1] }));
      await c0.set(`report:${boardWeek}`, JSON.stringify({ total, entries }));
      powerSeconds.push((performance.now() - t) / 1000);
    }

    const memory = memoryOf(redis.pid);
    log(`baseline: redis-server VmHWM ${memory ? Math.round(memory.hwmMb) : "?"} MB`);
    const figures = figuresOf(sent / seconds, batched, single, latency, median(powerSeconds), memory?.hwmMb ?? null);
    return { ...figures, team_p50_ms: null, team_p99_ms: null, details: { reads: latency, power100_runs_s: powerSeconds.map((s) => round(s, 5)) } };
  } finally {
    await redis.stop();
    killers.delete(redis.kill);
  }
}

function zincrby(pipe: ReturnType<Redis["pipeline"]>, batch: EventBatch) {
  batch.events.forEach((e, i) => pipe.zincrby(weekKey(batch.weeks[i]), batch.points[i], e.participant));
  return pipe;
}

// ---- shared -------------------------------------------------------------------------------

/** Latency of one read kind under load; and, with one client, its service time without queueing. */
async function measureReads(name: string, job: (i: number, client: number) => Promise<number>): Promise<Latency & { one_client: Latency }> {
  const warm = Math.min(20, preset.reads);
  for (let i = 0; i < warm; i++) await job(i, 0);
  const one = await closedLoop(Math.min(200, preset.reads), 1, preset.readSeconds, job);
  const l = await closedLoop(preset.reads, preset.readConcurrency, preset.readSeconds, job);
  log(`${name}: ${l.n} requests, ${preset.readConcurrency} clients: p50 ${l.p50_ms} ms, p99 ${l.p99_ms} ms, ${fmt(l.per_s)}/s; one client: p50 ${one.p50_ms} ms, p99 ${one.p99_ms} ms`);
  return { ...l, one_client: one };
}

function figuresOf(batchedEps: number, batched: Latency, single: Latency, reads: Record<string, Latency>, powerSeconds: number, rssMb: number | null): Figures {
  const read = (name: string, p: "p50_ms" | "p99_ms") => reads[name]?.[p] ?? null;
  return {
    ingest_batched_eps: round(batchedEps, 0),
    ingest_batch_p50_ms: batched.p50_ms,
    ingest_batch_p99_ms: batched.p99_ms,
    ingest_single_eps: round(single.per_s, 0),
    ingest_single_p50_ms: single.p50_ms,
    ingest_single_p99_ms: single.p99_ms,
    top100_p50_ms: read("top100", "p50_ms"),
    top100_p99_ms: read("top100", "p99_ms"),
    team_p50_ms: read("team", "p50_ms"),
    team_p99_ms: read("team", "p99_ms"),
    score_p50_ms: read("score", "p50_ms"),
    score_p99_ms: read("score", "p99_ms"),
    around_p50_ms: read("around", "p50_ms"),
    around_p99_ms: read("around", "p99_ms"),
    power100_s: round(powerSeconds, 3),
    peak_rss_mb: rssMb === null ? null : round(rssMb, 1),
    isolate_heap_peak_mb: null,
  };
}

function buildResult(product: Figures & { details: Record<string, unknown> }, baseline: (Figures & { details: Record<string, unknown> }) | null) {
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
    machine: machine(),
    setup: {
      weeks: preset.weeks,
      board_week: boardWeek,
      batch_concurrency: preset.batchConcurrency,
      single_concurrency: preset.singleConcurrency,
      read_concurrency: preset.readConcurrency,
      reads_per_kind: preset.reads,
      server: "wrangler dev (local workerd + local D1/SQLite), --log-level warn; program requireOptIn false",
      peak_rss_note: "VmHWM of the workerd process that runs the worker (a child of wrangler; not the proxy workerd): the whole runtime (every isolate of miniflare, the local D1 SQLite engine and its page cache), not one isolate",
      isolate_heap_note: "the worker isolate's V8 heap (totalSize + backingStorageSize of Runtime.getHeapUsage), sampled every 250 ms through wrangler's inspector",
      code: codeVersion(),
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
              reads: "top100: ZREVRANGE 0 99 WITHSCORES; score: ZSCORE+ZREVRANK+ZCARD pipelined; around: ZREVRANK then ZREVRANGE; power100: ZREVRANGE+ZCOUNT, ZREVRANK+ZSCORE of the previous week pipelined, SET",
              peak_rss_note: "VmHWM of redis-server",
              ...baselineDetails,
            },
          };
        })()
      : null,
    ratio_to_baseline: baseline ? ratios : null,
  };
}

function printTable(result: ReturnType<typeof buildResult>) {
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
      "Peak memory is the VmHWM of the workerd process that runs the worker: the whole runtime (all of miniflare's isolates, the local",
      "D1 SQLite engine and its cache), not one isolate. The isolate figure is the worker's own V8 heap (reserved heap plus ArrayBuffer",
      "stores), read through the inspector (Runtime.getHeapUsage) every 250 ms: what the 128 MB limit applies to; peaks between samples",
      "can be missed. Redis keeps no daily caps, no idempotency ids, no per-day/month/quarter scores and nothing durable: it is the",
      "speed of the bare data structure, not an equivalent product.",
      "The load generator runs on the same machine and competes for its cores with the server (for Redis too).",
    ].join("\n"),
  );
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load_before: loadBefore.map((x) => round(x, 2)),
    load_after: os.loadavg().map((x) => round(x, 2)),
    note: args.note ?? null,
  };
}

function codeVersion() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["--no-optional-locks", "status", "--porcelain"], { cwd: REPO, encoding: "utf8" }).trim() !== "";
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

function progressReporter(name: string, total: number, extra: () => string) {
  const started = performance.now();
  let last = started;
  let lastDone = 0;
  return (done: number) => {
    const t = performance.now();
    if (t - last < 5000 && done < total) return;
    const rate = done / ((t - started) / 1000);
    const now = (done - lastDone) / ((t - last) / 1000);
    [last, lastDone] = [t, done];
    // The ETA goes by the recent rate: a rate that falls as the data grows shows at once.
    const eta = now > 0 ? (total - done) / now : 0;
    log(`${name}: ${fmt(done)} / ${fmt(total)} (${((100 * done) / total).toFixed(1)}%), ${fmt(rate)} ev/s overall, ${fmt(now)} ev/s now, ETA ${Math.ceil(eta / 60)} min ${extra()}`.trimEnd());
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}
