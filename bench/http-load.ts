/**
 * The bench's HTTP client, the same for Leadboard and for the Redis-behind-HTTP baseline: the
 * history posted in batches of 1000, single events from many clients, and the read kinds, each
 * under load, with one client and at half load (context.ts).
 */
import { performance } from "node:perf_hooks";
import { seededRandom } from "../scripts/demo/random.ts";
import { type BenchRun, fmt, log, measureReads, progressReporter, type ReadLatency } from "./context.ts";
import { eventBatches, PROGRAM_SLUG, participantId, singleEvents } from "./generate.ts";
import { closedLoop, http, type Latency, round, summarise } from "./load.ts";

/** A server speaking Leadboard's v1 API for the bench program. */
export interface Target {
  name: string;
  base: string;
  /** Reads with this key. */
  readKey: string | null;
  /** Batches are posted with the first; single events with one each per client (null: no key). */
  ingestKeys: (string | null)[];
}

export const PROGRAM_PATH = `/v1/programs/${PROGRAM_SLUG}`;

export interface BatchedLoad {
  sent: number;
  accepted: number;
  seconds: number;
  batches: Latency;
}

/** Posts the history in batches of 1000, `batchConcurrency` at a time; `check` runs after each answer (Leadboard: did the runtime crash?). */
export async function postHistory(run: BenchRun, t: Target, check: () => void = () => {}, progressExtra: () => string = () => ""): Promise<BatchedLoad> {
  const { preset, now } = run;
  log(`${t.name}: ingesting ${fmt(preset.events)} events in batches of 1000, ${preset.batchConcurrency} at a time…`);
  const batches = eventBatches(run.pop, preset.events, now, preset.weeks);
  let queued = 0;
  let sent = 0;
  let accepted = 0;
  const rejected: string[] = [];
  const batchMs: number[] = [];
  const started = performance.now();
  const progress = progressReporter(`${t.name} ingest`, preset.events, progressExtra);
  const deadline = started + run.maxIngestMinutes * 60_000;
  await Promise.all(
    Array.from({ length: preset.batchConcurrency }, async () => {
      // The baseline stops where Leadboard's load stopped (--max-ingest-minutes).
      for (let next = batches.next(); !next.done && performance.now() < deadline && queued < run.eventsLoaded; next = batches.next()) {
        queued += next.value.events.length;
        const r = await http(t.base, "POST", `${PROGRAM_PATH}/events`, t.ingestKeys[0], JSON.stringify({ events: next.value.events }));
        if (r.status !== 200) throw new Error(`${t.name}: POST events: ${r.status} ${r.text.slice(0, 300)}`);
        check();
        const answer = JSON.parse(r.text) as { accepted: number; rejected: { reason: string; message: string }[] };
        accepted += answer.accepted;
        for (const x of answer.rejected.slice(0, 3)) if (rejected.length < 5) rejected.push(`${x.reason}: ${x.message}`);
        sent += next.value.events.length;
        batchMs.push(r.ms);
        progress(sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  log(`${t.name}: ingested ${fmt(sent)} events in ${seconds.toFixed(1)} s: ${fmt(sent / seconds)} ev/s; accepted ${fmt(accepted)}`);
  if (accepted !== sent) {
    console.warn(`  ${fmt(sent - accepted)} events not accepted, e.g.:\n  ${rejected.join("\n  ")}`);
    if (sent - accepted > sent * 0.001) throw new Error(`${t.name}: more than 0.1% of the events were not accepted`);
  }
  return { sent, accepted, seconds, batches: summarise(batchMs, seconds) };
}

/** Single-event posts from `singleConcurrency` clients, each with its own key. */
export async function postSingles(run: BenchRun, t: Target): Promise<Latency> {
  const { preset } = run;
  const singles = singleEvents(run.pop, preset.singleEvents, Date.now());
  log(`${t.name}: posting ${fmt(singles.events.length)} single events from ${preset.singleConcurrency} clients…`);
  const single = await closedLoop(singles.events.length, preset.singleConcurrency, preset.singleSeconds, async (i, client) => {
    const r = await http(t.base, "POST", `${PROGRAM_PATH}/events`, t.ingestKeys[client % t.ingestKeys.length], JSON.stringify({ events: [singles.events[i]] }));
    if (r.status !== 200 || JSON.parse(r.text).accepted !== 1) throw new Error(`${t.name}: single event: ${r.status} ${r.text.slice(0, 300)}`);
    return r.ms;
  });
  log(`${t.name}: single events: ${fmt(single.n)} posted, ${fmt(single.per_s)} ev/s, p50 ${single.p50_ms} ms, p99 ${single.p99_ms} ms`);
  return { ...single, per_s: round(single.per_s, 1) };
}

/** The read kinds: a path for the i-th request of each. */
export function readPaths(run: BenchRun): Record<string, (i: number) => string> {
  const week = `period=week&at=${run.boardWeek}`;
  const random = seededRandom(99).next;
  return {
    // A request that does no work (a path outside the API, answered 404): the local HTTP stack alone.
    http: () => "/no-such-page",
    // The cheapest authenticated read (the list of stored report weeks): the server's own cost per request.
    floor: () => `${PROGRAM_PATH}/reports/weekly`,
    top100: () => `${PROGRAM_PATH}/leaderboard?${week}&limit=100`,
    team: () => `${PROGRAM_PATH}/leaderboard?scope=team&${week}`,
    score: () => `${PROGRAM_PATH}/participants/${participantId(Math.floor(random() * run.pop.count))}/score?${week}`,
    around: () => `${PROGRAM_PATH}/leaderboard?${week}&around=${run.aroundTarget}&limit=100`,
  };
}

/** Each read kind in `kinds`, measured (context.ts's measureReads). */
export async function measureHttpReads(run: BenchRun, t: Target, side: string, kinds: string[]): Promise<Record<string, ReadLatency>> {
  const paths = readPaths(run);
  const latency: Record<string, ReadLatency> = {};
  for (const kind of kinds) {
    const path = paths[kind];
    const expected = kind === "http" ? 404 : 200;
    latency[kind] = await measureReads(run, kind, side, async (i) => {
      const r = await http(t.base, "GET", path(i), t.readKey);
      if (r.status !== expected) throw new Error(`${t.name}: GET ${path(i)}: ${r.status} ${r.text.slice(0, 300)}`);
      return r.ms;
    });
  }
  return latency;
}
