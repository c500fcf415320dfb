/**
 * The product's side of the benchmark: setup, ingestion (and the engine's rows written per event),
 * reads, Power 100 and memory; then a restart's first reads (rebuild.ts) and a second program's
 * reads beside the first one's heaviest work (tenancy.ts).
 */
import { randomBytes } from "node:crypto";
import { engineStats } from "../scripts/engine-stats.ts";
import type { Leadboard } from "../scripts/leadboard.ts";
import { type BenchRun, fmt, log, median } from "./context.ts";
import { figuresOf, type Measured } from "./figures.ts";
import { historyStart, PROGRAM_SLUG, participantChunks, programDocument } from "./generate.ts";
import { measureHttpReads, PROGRAM_PATH as p, postHistory, postSingles, type Target } from "./http-load.ts";
import { sampleIsolateHeap } from "./isolate.ts";
import { api, http, round } from "./load.ts";
import { measureRebuild } from "./rebuild.ts";
import { memoryOf, runtimeCrash, startServer } from "./server.ts";
import { measureTenancy } from "./tenancy.ts";

/** Loads the program into the product through its HTTP API and measures it. */
export async function runLeadboard(run: BenchRun): Promise<Measured> {
  const operatorKey = `op-${randomBytes(16).toString("hex")}`;
  log("starting the product (bundle, migrations, then workerd)…");
  let server = await startServer(run.dir, operatorKey, run.heapLimitMb);
  const killNow = () => server.pids().forEach((pid) => process.kill(pid, "SIGKILL"));
  run.killers.add(killNow);
  try {
    const { adminKey } = await api(server.base, operatorKey, "POST", "/v1/orgs", { slug: "bench", name: "Bench Ltd" });
    const measured = await measure(run, server, adminKey);
    const rebuild = await measureRebuild(run, server, operatorKey, adminKey);
    server = rebuild.server;
    const tenancy = await measureTenancy(run, server.base, adminKey);
    if (server.restarted()) throw new Error(runtimeCrash(server, run.heapLimitMb)!);
    return {
      ...measured,
      rebuild_s: rebuild.rebuild_s,
      tenancy_p99_ratio: tenancy.tenancy_p99_ratio,
      details: { ...measured.details, rebuild: rebuild.details, tenancy: tenancy.details },
    };
  } catch (error) {
    // A request fails as the runtime aborts (out of heap, say); Miniflare notices a moment later.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (server.restarted()) throw new Error(runtimeCrash(server, run.heapLimitMb)!, { cause: error });
    throw error;
  } finally {
    await server.stop();
    run.killers.delete(killNow);
  }
}

async function measure(run: BenchRun, server: Leadboard, adminKey: string): Promise<Measured> {
  const { preset, now, boardWeek, pop, aroundTarget } = run;
  const b = server.base;
  const [workerd] = server.pids();
  log(`server at ${b}; workerd pid ${workerd ?? "not found"}`);
  const rssAtStart = memoryOf(workerd)?.rssMb ?? null;
  const heap = server.inspectorUrl ? await sampleIsolateHeap(server.inspectorUrl) : null;
  if (!heap) log("could not read the isolate's heap through the inspector; isolate_heap_peak_mb will be null");
  const checkRuntime = () => {
    if (server.restarted()) throw new Error(runtimeCrash(server, run.heapLimitMb)!);
  };
  let sampledRssMb = 0;
  const sampler = setInterval(() => (sampledRssMb = Math.max(sampledRssMb, memoryOf(workerd)?.rssMb ?? 0)), 500);

  // Setup: the program, participants in chunks of 1000, an ingest key.
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
  const target: Target = { name: "Leadboard", base: b, readKey: adminKey, ingestKeys: [ingestKey] };

  // Batched ingestion, and the SQLite rows the program's engine wrote for it.
  const rowsBefore = await engineStats(server.mf, PROGRAM_SLUG);
  const load = await postHistory(run, target, checkRuntime, () => `workerd RSS ${Math.round(memoryOf(workerd)?.rssMb ?? 0)} MB`);
  const rowsAfter = await engineStats(server.mf, PROGRAM_SLUG);
  // The count restarts with the engine's object; the load keeps it busy, so it should not have.
  const rowsWritten = rowsAfter.rowsWritten >= rowsBefore.rowsWritten ? rowsAfter.rowsWritten - rowsBefore.rowsWritten : null;
  const rowsPerEvent = rowsWritten === null || load.accepted === 0 ? null : round(rowsWritten / load.accepted, 2);
  log(
    `the engine wrote ${rowsWritten === null ? "? (its object restarted during the load)" : fmt(rowsWritten)} SQLite rows for ${fmt(load.accepted)} events: ${rowsPerEvent ?? "?"} per event`,
  );
  if (load.sent < preset.events) {
    log(
      `stopped the load after --max-ingest-minutes ${run.maxIngestMinutes}: ${fmt(load.sent)} of ${fmt(preset.events)} events loaded; every later figure is at that size`,
    );
    run.eventsLoaded = load.sent;
  }

  // Single-event posts, 32 clients, each with its own ingest key: the product limits each
  // credential's posts (wrangler.toml), which 32 clients sharing one would exceed.
  const clientKeys: string[] = [];
  for (let i = 0; i < preset.singleConcurrency; i++) clientKeys.push((await api(b, adminKey, "POST", `${p}/keys`, { role: "ingest" })).key);
  const beforeSingles = await engineStats(server.mf, PROGRAM_SLUG);
  const single = await postSingles(run, { ...target, ingestKeys: clientKeys });
  const afterSingles = await engineStats(server.mf, PROGRAM_SLUG);
  const postsPerCommit = round((afterSingles.posts - beforeSingles.posts) / Math.max(1, afterSingles.commits - beforeSingles.commits), 2);
  log(`single events: ${postsPerCommit} posts shared each commit (group-commit.ts)`);

  // Reads under concurrent load, for the last ended week (a full week of scores).
  const first = await api(b, adminKey, "GET", `${p}/leaderboard?period=week&at=${boardWeek}&around=${aroundTarget}&limit=100`);
  const at = first.entries.findIndex((e: { id: string }) => e.id === aroundTarget);
  const aroundPosition = first.nextCursor === null ? first.total - (first.entries.length - 1 - at) : null;
  log(
    `board ${boardWeek}: ${fmt(first.total)} ranked; deep page around ${aroundTarget} (rank ${first.entries[at]?.rank}, position ${aroundPosition ?? "?"} of ${first.total})`,
  );
  const latency = await measureHttpReads(run, target, "", ["http", "floor", "top100", "team", "score", "around"]);

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
  const memory = memoryOf(workerd);
  const isolate = heap?.stop() ?? null;
  log(`worker isolate heap peak: ${isolate?.usedPeakMb ?? "?"} MB used, ${isolate?.totalPeakMb ?? "?"} MB reserved (${isolate?.samples ?? 0} samples)`);
  log(`workerd VmHWM ${memory ? Math.round(memory.hwmMb) : "?"} MB`);
  return {
    ...figuresOf(load.sent / load.seconds, load.batches, single, latency, median(powerSeconds), memory?.hwmMb ?? null),
    isolate_heap_peak_mb: isolate?.totalPeakMb ?? null,
    rows_written_per_event: rowsPerEvent,
    details: {
      isolate_heap_limit_mb: run.heapLimitMb || null,
      isolate_heap_used_peak_mb: isolate?.usedPeakMb ?? null,
      rss_at_start_mb: rssAtStart === null ? null : round(rssAtStart, 1),
      isolate_heap_samples: isolate?.samples ?? 0,
      participants_upsert_s: round(participantsSeconds, 2),
      ingest_seconds: round(load.seconds, 1),
      accepted: load.accepted,
      engine_rows_written: rowsWritten,
      engine_participants: rowsAfter.participants,
      single_events: single.n,
      single_posts_per_commit: postsPerCommit,
      reads: latency,
      around: { participant: aroundTarget, rank: first.entries[at]?.rank ?? null, position: aroundPosition, of: first.total },
      power100_runs_s: powerSeconds.map((s) => round(s, 3)),
      power100_total: reportTotal,
      peak_rss_sampled_mb: round(sampledRssMb, 1),
    },
  };
}
