/** A lean HTTP client on keep-alive sockets, a closed-loop load runner, and latency percentiles. */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply {
  status: number;
  text: string;
  ms: number;
}

export function http(base: string, method: string, path: string, key: string | null, body?: string): Promise<Reply> {
  const url = new URL(path, base);
  const headers: Record<string, string> = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Calls the API and answers the parsed JSON; any status but the expected one is an error. */
export async function api(base: string, key: string | null, method: string, path: string, body?: unknown, expect = [200, 201, 204]) {
  const r = await http(base, method, path, key, body === undefined ? undefined : JSON.stringify(body));
  if (!expect.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 500)}`);
  return r.text ? JSON.parse(r.text) : null;
}

export interface Latency {
  n: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Completed operations per second over the run. */
  per_s: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(samples: number[], seconds: number, count = samples.length): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: samples.length,
    p50_ms: round(percentile(sorted, 50), 2),
    p99_ms: round(percentile(sorted, 99), 2),
    max_ms: round(sorted.at(-1) ?? NaN, 2),
    per_s: round(count / seconds, 1),
  };
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Closed loop: `clients` workers each take the next job and wait for it before taking another,
 * until `total` jobs are done or `seconds` have passed. `job(i, client)` answers its latency in ms.
 */
export async function closedLoop(total: number, clients: number, seconds: number, job: (i: number, client: number) => Promise<number>): Promise<Latency> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < total && performance.now() < deadline) {
        samples.push(await job(next++, client));
      }
    }),
  );
  return summarise(samples, (performance.now() - started) / 1000);
}

/**
 * Open loop: job `i` starts at `i / rate` seconds whether or not the earlier ones have finished,
 * as independent users' requests arrive, until `total` jobs or `seconds` have passed. A job's
 * latency counts from when it was due, so a load generator running late adds to it rather than
 * hiding the wait (no coordinated omission). `job(i, client)` takes the clients in turn.
 */
export async function openLoop(
  total: number,
  rate: number,
  seconds: number,
  clients: number,
  job: (i: number, client: number) => Promise<unknown>,
): Promise<Latency> {
  const samples: number[] = [];
  const running: Promise<void>[] = [];
  const started = performance.now();
  const count = Math.min(total, Math.max(1, Math.floor(rate * seconds)));
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    // Timers run on a whole-millisecond clock and can fire up to 1 ms early: wait until due.
    for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) await new Promise((r) => setTimeout(r, wait));
    running.push(job(i, i % clients).then(() => void samples.push(performance.now() - due)));
  }
  await Promise.all(running);
  return summarise(samples, (performance.now() - started) / 1000);
}
