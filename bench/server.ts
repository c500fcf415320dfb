/**
 * The product under test, started the way `npm start` starts it: `wrangler d1 migrations apply`
 * then `wrangler dev` (scripts/local-server.ts), here from a snapshot of the worker's source (so
 * that edits in the work tree during a run do not reload it), and where its memory is read.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { descendants, freshDatabase, processName, type Server as ApiServer, startApi } from "../scripts/local-server.ts";

export { freePort } from "../scripts/local-server.ts";
export const REPO = join(import.meta.dirname, "..");

export interface Server extends ApiServer {
  /** The --persist-to directory: the local D1's files. */
  state: string;
  /** wrangler's debug logs (WRANGLER_LOG_PATH). */
  logs: string;
}

// Local observability (wrangler's trace store for its local explorer) writes every request's spans
// to a SQLite file of its own: development tooling with no counterpart in a deployed Worker, and
// work on every request and D1 call. The benchmark turns it off.
const BENCH_ENV = { X_LOCAL_OBSERVABILITY: "false" };

/**
 * V8 flags for the runtime, through miniflare's MINIFLARE_WORKERD_V8_FLAGS. A deployed isolate runs
 * under a 128 MB memory limit, and V8 collects as its heap nears it; under `wrangler dev` nothing
 * limits the heap, so V8 lets garbage pile up and the heap read says little about what a request
 * needs. `--max-heap-size` gives every isolate of the runtime (the worker's, and local D1's) the
 * limit instead: a request that needed more would fail, and the runtime would abort.
 */
export function heapLimitEnv(heapLimitMb: number): Record<string, string> {
  return heapLimitMb > 0 ? { MINIFLARE_WORKERD_V8_FLAGS: `--max-heap-size=${heapLimitMb}` } : {};
}

/**
 * Why the runtime crashed during the run, or null if it did not. Miniflare restarts a crashed
 * runtime and the request in flight fails; the runtime's own last words (V8's "heap out of
 * memory") reach only wrangler's debug log, which the bench keeps in its work directory.
 */
export function runtimeCrash(server: Server): string | null {
  if (!/The Workers runtime crashed unexpectedly|Received signal #\d+/.test(server.output())) return null;
  const logs = readdirSync(server.logs).map((name) => readFileSync(join(server.logs, name), "utf8")).join("\n");
  return /JavaScript heap out of memory/.test(logs) ? "the worker runtime ran out of V8 heap and aborted" : "the worker runtime crashed";
}

/** Starts the product from a snapshot of `source`'s worker (this work tree's, or another version's checkout). */
export async function startServer(dir: string, operatorKey: string, heapLimitMb: number, source = REPO): Promise<Server> {
  const app = join(dir, "app");
  mkdirSync(app, { recursive: true });
  for (const name of ["worker", "scoring", "migrations", "wrangler.toml", "package.json", "tsconfig.json"]) {
    cpSync(join(source, name), join(app, name), { recursive: true });
  }
  symlinkSync(join(REPO, "node_modules"), join(app, "node_modules"));
  const state = freshDatabase(join(dir, "state"), { cwd: app, env: BENCH_ENV });
  const logs = join(dir, "wrangler-logs");
  mkdirSync(logs);
  const env = { ...BENCH_ENV, ...heapLimitEnv(heapLimitMb), WRANGLER_LOG_PATH: logs };
  const server = await startApi(state, operatorKey, { cwd: app, env, timeoutMs: 120_000 });
  return { ...server, state, logs };
}

/**
 * wrangler dev runs two workerd processes: a small proxy that listens on the public port, and the
 * runtime that runs the worker and its local D1 (it holds the SQLite files under --persist-to
 * open). Call after the first database query.
 */
export function workerdProcesses(server: Server): { runtime: number | null; proxy: number | null } {
  const pids = server.child.pid === undefined ? [] : descendants(server.child.pid).filter((pid) => processName(pid) === "workerd");
  const holdsState = (pid: number) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(server.state);
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };
  const listensOnPort = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`127.0.0.1:${server.port}\0`);
    } catch {
      return false;
    }
  };
  const runtime = pids.find(holdsState) ?? pids.find((pid) => !listensOnPort(pid)) ?? null;
  const proxy = pids.find((pid) => pid !== runtime) ?? null;
  return { runtime, proxy };
}

/** VmHWM (peak resident set) and VmRSS of a process, in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number | null): { hwmMb: number; rssMb: number } | null {
  if (pid === null) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { hwmMb: kb("VmHWM") / 1024, rssMb: kb("VmRSS") / 1024 };
  } catch {
    return null;
  }
}
