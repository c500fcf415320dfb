/** The product's side of the benchmark: setup, ingestion, reads, Power 100 and memory. */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { seededRandom } from "../scripts/demo/random.ts";
import { type BenchRun, fmt, log, measureReads, median, progressReporter, type ReadLatency } from "./context.ts";
import { figuresOf, type Measured } from "./figures.ts";
import { eventBatches, historyStart, PROGRAM_SLUG, participantChunks, participantId, programDocument, singleEvents } from "./generate.ts";
import { api, closedLoop, http, type Latency, round, summarise } from "./load.ts";
import { sampleIsolateHeap } from "./isolate.ts";
import { memoryOf, runtimeCrash, type Server, startServer, workerdProcesses } from "./server.ts";

/** Loads the program into the product under `wrangler dev` through its HTTP API and measures it. */
export async function runLeadboard(run: BenchRun): Promise<Measured> {
  const { dir, killers } = run;
  const operatorKey = `op-${randomBytes(16).toString("hex")}`;
  log("starting wrangler dev (migrations, then the server)…");
  const server: Server = await startServer(dir, operatorKey, run.heapLimitMb);
  killers.add(server.killNow);
  try {
    return await measure(run, server, operatorKey);
  } catch (error) {
    // A request fails as the runtime aborts; wrangler prints why a moment later.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const crash = runtimeCrash(server);
    if (crash) throw new Error(crashMessage(run, crash), { cause: error });
    throw error;
  } finally {
    await server.stop();
    killers.delete(server.killNow);
  }
}

function crashMessage(run: BenchRun, crash: string): string {
  return `${crash}${run.heapLimitMb > 0 ? ` (V8 heap limit ${run.heapLimitMb} MB)` : ""}; requests in flight failed.`;
}

async function measure(run: BenchRun, server: Server, operatorKey: string): Promise<Measured> {
  const { preset, now, boardWeek, pop, aroundTarget } = run;
  const b = server.base;
  const p = `/v1/programs/${PROGRAM_SLUG}`;

  // Setup: organisation, program, participants in chunks of 1000, an ingest key.
  const { adminKey } = await api(b, operatorKey, "POST", "/v1/orgs", { slug: "bench", name: "Bench Ltd" });
  const workerd = workerdProcesses(server);
  log(`server at ${b}; workerd runtime pid ${workerd.runtime ?? "not found"}, proxy pid ${workerd.proxy ?? "not found"}`);
  const rssAtStart = memoryOf(workerd.runtime)?.rssMb ?? null;
  const heap = await sampleIsolateHeap(server.inspectorPort);
  if (!heap) log("could not read the isolate's heap through the inspector; isolate_heap_peak_mb will be null");
  // wrangler dev starts a new runtime when a file it watches changes, and through the snapshot's
  // node_modules link it watches the work tree's package.json and tsconfig.json (measured): the
  // figures read from the old runtime would stop short, so the run fails instead.
  const checkRuntime = () => {
    if (workerd.runtime !== null && memoryOf(workerd.runtime) === null) {
      throw new Error("wrangler restarted the worker runtime during the run (the work tree's package.json or tsconfig.json changed): run again without editing them");
    }
  };
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
  /** A read, which scores every event still waiting first; answers its milliseconds. */
  const scoreEverything = async () => {
    const r = await http(b, "GET", `${p}/participants/${participantId(0)}/score`, adminKey);
    if (r.status !== 200) throw new Error(`GET score: ${r.status} ${r.text.slice(0, 300)}`);
    return r.ms;
  };

  // Batched ingestion: the whole history, batches of 1000, a few posters at once.
  log(`ingesting ${fmt(preset.events)} events in batches of 1000, ${preset.batchConcurrency} at a time…`);
  const batches = eventBatches(pop, preset.events, now, preset.weeks);
  let sent = 0;
  let accepted = 0;
  const rejected: string[] = [];
  const batchMs: number[] = [];
  const ingestStarted = performance.now();
  const progress = progressReporter("ingest", preset.events, () => `workerd RSS ${Math.round(memoryOf(workerd.runtime)?.rssMb ?? 0)} MB`);
  const deadline = ingestStarted + run.maxIngestMinutes * 60_000;
  await Promise.all(
    Array.from({ length: preset.batchConcurrency }, async () => {
      for (let next = batches.next(); !next.done && performance.now() < deadline; next = batches.next()) {
        const body = JSON.stringify({ events: next.value.events });
        const r = await http(b, "POST", `${p}/events`, ingestKey, body);
        if (r.status !== 200) throw new Error(`POST events: ${r.status} ${r.text.slice(0, 300)}`);
        checkRuntime();
        const answer = JSON.parse(r.text) as { accepted: number; rejected: { reason: string; message: string }[] };
        accepted += answer.accepted;
        for (const x of answer.rejected.slice(0, 3)) if (rejected.length < 5) rejected.push(`${x.reason}: ${x.message}`);
        sent += next.value.events.length;
        batchMs.push(r.ms);
        progress(sent);
      }
    }),
  );
  // Events are scored many batches at a time (worker/db/scoring.ts): the load lasts until the last
  // of them is scored, which the first read after it does.
  const lastScoring = await scoreEverything();
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  const batched = summarise(batchMs, ingestSeconds);
  log(`ingested ${fmt(sent)} events in ${ingestSeconds.toFixed(1)} s (the last scored by a read in ${fmt(lastScoring)} ms): ${fmt(sent / ingestSeconds)} ev/s; accepted ${fmt(accepted)}`);
  if (sent < preset.events) {
    log(`stopped the load after --max-ingest-minutes ${run.maxIngestMinutes}: ${fmt(sent)} of ${fmt(preset.events)} events loaded; every later figure is at that size`);
    run.eventsLoaded = sent;
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
  const singleStarted = performance.now();
  const single = await closedLoop(singles.events.length, preset.singleConcurrency, preset.singleSeconds, async (i, client) => {
    const r = await http(b, "POST", `${p}/events`, clientKeys[client], JSON.stringify({ events: [singles.events[i]] }));
    if (r.status !== 200 || JSON.parse(r.text).accepted !== 1) throw new Error(`single event: ${r.status} ${r.text.slice(0, 300)}`);
    return r.ms;
  });
  await scoreEverything();
  single.per_s = round(single.n / ((performance.now() - singleStarted) / 1000), 1); // until every one is scored
  log(`single events: ${fmt(single.n)} posted, ${fmt(single.per_s)} ev/s, p50 ${single.p50_ms} ms, p99 ${single.p99_ms} ms`);

  // Reads under concurrent load, for the last ended week (a full week of scores).
  const week = `period=week&at=${boardWeek}`;
  const first = await api(b, adminKey, "GET", `${p}/leaderboard?${week}&around=${aroundTarget}&limit=100`);
  const at = first.entries.findIndex((e: { id: string }) => e.id === aroundTarget);
  const aroundPosition = first.nextCursor === null ? first.total - (first.entries.length - 1 - at) : null;
  log(`board ${boardWeek}: ${fmt(first.total)} ranked; deep page around ${aroundTarget} (rank ${first.entries[at]?.rank}, position ${aroundPosition ?? "?"} of ${first.total})`);
  const random = seededRandom(99).next;
  const reads: Record<string, (i: number) => string> = {
    // A request that does no work (a path outside the API, answered 404 without touching D1):
    // what the local HTTP stack alone costs at this concurrency.
    http: () => "/no-such-page",
    // The floor: a read as cheap as an authenticated one gets (the credential and the program in
    // one round trip, then the list of stored report weeks): the server's own cost per request,
    // whatever the program's size.
    floor: () => `${p}/reports/weekly`,
    top100: () => `${p}/leaderboard?${week}&limit=100`,
    team: () => `${p}/leaderboard?scope=team&${week}`,
    score: () => `${p}/participants/${participantId(Math.floor(random() * pop.count))}/score?${week}`,
    around: () => `${p}/leaderboard?${week}&around=${aroundTarget}&limit=100`,
  };
  const latency: Record<string, ReadLatency> = {};
  for (const [name, path] of Object.entries(reads)) {
    const expected = name === "http" ? 404 : 200;
    latency[name] = await measureReads(run, name, "", async (i) => {
      const r = await http(b, "GET", path(i), adminKey);
      if (r.status !== expected) throw new Error(`GET ${path(i)}: ${r.status} ${r.text.slice(0, 300)}`);
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
  checkRuntime();
  const memory = memoryOf(workerd.runtime);
  const proxyMemory = memoryOf(workerd.proxy);
  const isolate = heap?.stop() ?? null;
  // A runtime that aborted between requests is restarted by miniflare, and the load goes on.
  const crash = runtimeCrash(server);
  if (crash) throw new Error(crashMessage(run, crash));
  log(`worker isolate heap peak: ${isolate?.usedPeakMb ?? "?"} MB used, ${isolate?.totalPeakMb ?? "?"} MB reserved (${isolate?.samples ?? 0} samples)`);
  log(`workerd VmHWM ${memory ? Math.round(memory.hwmMb) : "?"} MB`);
  return {
    ...figuresOf(sent / ingestSeconds, batched, single, latency, median(powerSeconds), memory?.hwmMb ?? null),
    isolate_heap_peak_mb: isolate?.totalPeakMb ?? null,
    details: {
      isolate_heap_limit_mb: run.heapLimitMb || null,
      isolate_heap_used_peak_mb: isolate?.usedPeakMb ?? null,
      rss_at_start_mb: rssAtStart === null ? null : round(rssAtStart, 1),
      isolate_heap_samples: isolate?.samples ?? 0,
      participants_upsert_s: round(participantsSeconds, 2),
      ingest_seconds: round(ingestSeconds, 1),
      accepted,
      single_events: single.n,
      reads: latency,
      around: { participant: aroundTarget, rank: first.entries[at]?.rank ?? null, position: aroundPosition, of: first.total },
      power100_runs_s: powerSeconds.map((s) => round(s, 3)),
      power100_total: reportTotal,
      peak_rss_sampled_mb: round(sampledRssMb, 1),
      proxy_workerd_peak_rss_mb: proxyMemory ? round(proxyMemory.hwmMb, 1) : null,
    },
  };
}
