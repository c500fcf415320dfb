/** What the parts of one benchmark run share: the preset, the data's shape, and logging. */
import { performance } from "node:perf_hooks";
import type { Population } from "./generate.ts";
import { closedLoop, type Latency, openLoop } from "./load.ts";
import type { Preset } from "./presets.ts";

export interface BenchRun {
  preset: Preset;
  /** Work directory: the server's state and Redis's files. */
  dir: string;
  /** The run's clock: the generated history ends here. */
  now: number;
  /** The last ended week, whose boards are read, and the week before it. */
  boardWeek: string;
  previousWeek: string;
  pop: Population;
  /** A never-active participant near the bottom of the board, for the deep page. */
  aroundTarget: string;
  /** The commit measured, as `git rev-parse --short HEAD` at the start, marked where the tree had changes. */
  code: string | null;
  /** The V8 heap limit of the runtime's isolates, in MB, as a deployed isolate has one (0: none). */
  heapLimitMb: number;
  /** Stops the batched load after this many minutes (Infinity: never). */
  maxIngestMinutes: number;
  /** Events loaded: the preset's, or fewer where the load was stopped early. */
  eventsLoaded: number;
  /**
   * Each read kind's open-loop rate: half the requests per second Leadboard answered with
   * `readConcurrency` clients, set by its run and used again for the baseline, so both are read
   * at the same offered load.
   */
  halfLoadRates: Record<string, number>;
  /** Stop the servers started so far, whatever happens (called on exit). */
  killers: Set<() => void>;
}

export const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export type ReadLatency = Latency & { one_client: Latency; half_load: Latency & { rate_per_s: number } };

/**
 * Latency of one read kind: under load (closed loop: `readConcurrency` clients, each sending its
 * next request when the last is answered, which keeps the server saturated); with one client
 * (service time without queueing); and in an open loop at half the saturated rate (requests
 * arriving on a schedule, as from many independent users, with the server half busy).
 */
export async function measureReads(run: BenchRun, kind: string, side: string, job: (i: number, client: number) => Promise<number>): Promise<ReadLatency> {
  const { reads, readConcurrency, readSeconds } = run.preset;
  const name = `${side}${kind}`;
  const warm = Math.min(20, reads);
  for (let i = 0; i < warm; i++) await job(i, 0);
  const one = await closedLoop(Math.min(200, reads), 1, readSeconds, job);
  const l = await closedLoop(reads, readConcurrency, readSeconds, job);
  const rate = (run.halfLoadRates[kind] ??= Math.max(1, Math.round(l.per_s / 2)));
  const half = await openLoop(reads, rate, readSeconds, readConcurrency, job);
  log(
    `${name}: ${readConcurrency} clients: p50 ${l.p50_ms} ms, p99 ${l.p99_ms} ms, ${fmt(l.per_s)}/s; one client: p50 ${one.p50_ms} ms, ` +
      `p99 ${one.p99_ms} ms; ${fmt(rate)}/s arriving: p50 ${half.p50_ms} ms, p99 ${half.p99_ms} ms`,
  );
  return { ...l, one_client: one, half_load: { ...half, rate_per_s: rate } };
}

/** A logger of the load's progress, a line every 5 s. */
export function progressReporter(name: string, total: number, extra: () => string) {
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
    log(
      `${name}: ${fmt(done)} / ${fmt(total)} (${((100 * done) / total).toFixed(1)}%), ${fmt(rate)} ev/s overall, ${fmt(now)} ev/s now, ETA ${Math.ceil(eta / 60)} min ${extra()}`.trimEnd(),
    );
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}
