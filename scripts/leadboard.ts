/**
 * The one way the product starts on this machine (npm start, the checks, the bench, the browser
 * tests): the workers as `wrangler deploy` bundles them, served by the `Miniflare` class in one
 * workerd process, not by `wrangler dev`. wrangler dev adds a proxy workerd in front and a call
 * back to Node for every request; here the public port is the worker's own socket in workerd
 * (`unsafeDirectSockets`), with request logging off. See shared/notes/serving-locally.md for what
 * that saves; `npm run bench:floor` measures it again.
 *
 * The data lives under `persistTo` in the layout of `wrangler --persist-to` (D1 in v3/d1, the
 * program engines' SQLite files in v3/do/leadboard-ProgramEngine), so `wrangler d1 migrations
 * apply --local --persist-to` and `wrangler dev --persist-to` open the same files.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { bundleWorker, ROOT, runTool } from "./bundle.ts";
import { childrenWith, freePort } from "./processes.ts";

/** The API worker's name (wrangler.toml): the site's service binding and the engines' storage name it. */
export const API_WORKER = "leadboard";
const SITE_WORKER = "leadboard-web";

export interface LeadboardOptions {
  operatorKey: string;
  /** Also serve the site (web/, built beforehand): it takes `port` and hands /v1/* to the API through its binding API. */
  site?: boolean;
  /** Settings of the site worker (e.g. SITE_ORIGIN, the origin embed code and links use). */
  siteVars?: Record<string, string>;
  /** The state directory, as `wrangler --persist-to` lays it out (default: wrangler's, `.wrangler/state` of `source`). */
  persistTo?: string;
  /** The public port (default: a free one). */
  port?: number;
  host?: string;
  /** A V8 heap limit for the runtime's isolates, in MB, as a deployed isolate has 128 (default: none). */
  heapLimitMb?: number;
  /** Apply the D1 migrations before serving (default true). */
  migrate?: boolean;
  /** The tree whose wrangler.toml and worker are served (default: this repository; the bench serves a snapshot). */
  source?: string;
  /** Open the runtime's inspector (the bench reads the isolate's heap through it). */
  inspector?: boolean;
  /** Serve without the Rate Limiting bindings (default: with them), to measure what their local simulation costs. */
  withoutRateLimits?: boolean;
  /** Print the workers' console output and the runtime's warnings (default: keep them for output() only). */
  verbose?: boolean;
}

export interface Leadboard {
  base: string;
  port: number;
  persistTo: string;
  mf: Miniflare;
  /** The API worker's isolate in the runtime's inspector, when asked for. */
  inspectorUrl: string | null;
  /** Disposes of Miniflare, which ends workerd. */
  stop(): Promise<void>;
  /** SIGKILL of workerd, as a crash: no shutdown, and Miniflare is told not to restart it. */
  kill9(): Promise<void>;
  /** The workerd process serving (one). */
  pids(): number[];
  /** The runtime's recent output (console, warnings, crashes). */
  output(): string;
  /** Whether the runtime crashed and Miniflare restarted it. */
  restarted(): boolean;
}

/**
 * Miniflare simulates the Rate Limiting binding with a Durable Object that writes each count to
 * SQLite under the state directory, so every limited request waits for a disk commit (about 6 ms
 * here, one object for all callers). Cloudflare's counters are in memory and reset with their
 * window; here they go to a memory file system too, where there is one (Linux's /dev/shm).
 * Answers the directory to remove on stop, or null.
 */
function keepRateLimitCountersInMemory(persistTo: string): string | null {
  const counters = forgetClearedCounters(persistTo);
  // Counters on disk already (an earlier `wrangler dev`), or in memory still: left as they are.
  if (!existsSync("/dev/shm") || lstatSync(counters, { throwIfNoEntry: false })) return null;
  const memory = mkdtempSync("/dev/shm/leadboard-ratelimit-");
  mkdirSync(path.dirname(counters), { recursive: true });
  symlinkSync(memory, counters);
  return memory;
}

/** Removes the link to in-memory counters a crash or reboot cleared (wrangler dev cannot open it); answers the counters' path. */
export function forgetClearedCounters(persistTo: string): string {
  const counters = path.join(persistTo, "v3", "ratelimit");
  if (lstatSync(counters, { throwIfNoEntry: false })?.isSymbolicLink() && !existsSync(counters)) rmSync(counters);
  return counters;
}

/** Applies the D1 migrations to the local database under `persistTo`, as `wrangler d1 migrations apply --local` does. */
export function migrateD1(persistTo: string, source = ROOT): Promise<string> {
  return runTool("wrangler", ["d1", "migrations", "apply", "DB", "--local", "-c", "wrangler.toml", "--persist-to", persistTo], source);
}

export async function startLeadboard(options: LeadboardOptions): Promise<Leadboard> {
  const source = options.source ?? ROOT;
  const persistTo = path.resolve(options.persistTo ?? path.join(source, ".wrangler", "state"));
  const host = options.host ?? "127.0.0.1";
  mkdirSync(persistTo, { recursive: true });
  const countersInMemory = keepRateLimitCountersInMemory(persistTo);
  const [api, web] = await Promise.all([
    bundleWorker(path.join(source, "wrangler.toml")),
    options.site ? bundleWorker(path.join(source, "web", "wrangler.toml")) : null,
    options.migrate === false ? null : migrateD1(persistTo, source),
  ]);
  const port = options.port ?? (await freePort());
  // The entry socket is Miniflare's own (its entry worker); it names the workerd process in /proc.
  const entryPort = await freePort();
  const direct = [{ host, port }];

  let output = "";
  let restarted = false;
  const keep = (line: string, print: boolean) => {
    output = `${output}${line}\n`.slice(-50_000);
    if (print) console.error(line);
  };
  class KeptLog extends Log {
    protected override log(message: string) {
      keep(message, options.verbose ?? false);
    }
  }

  const workers = [
    {
      ...api.options,
      name: API_WORKER,
      modules: api.modules,
      modulesRoot: api.modulesRoot,
      bindings: { ...(api.options.bindings as Record<string, unknown>), OPERATOR_KEY: options.operatorKey },
      unsafeDirectSockets: web ? [] : direct,
      ...(options.withoutRateLimits ? { ratelimits: undefined } : {}),
    },
  ];
  if (web) {
    const bindings = { ...(web.options.bindings as Record<string, unknown>), ...options.siteVars };
    workers.unshift({
      ...web.options,
      name: SITE_WORKER,
      modules: web.modules,
      modulesRoot: web.modulesRoot,
      bindings,
      unsafeDirectSockets: direct,
    } as (typeof workers)[0]);
  }

  // workerd reads its V8 flags from this variable when Miniflare starts it.
  const flags = process.env.MINIFLARE_WORKERD_V8_FLAGS;
  if (options.heapLimitMb) process.env.MINIFLARE_WORKERD_V8_FLAGS = `--max-heap-size=${options.heapLimitMb}`;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host,
      port: entryPort,
      inspectorPort: options.inspector ? await freePort() : undefined,
      logRequests: false,
      unsafeLocalExplorer: false,
      unsafeObservability: false,
      telemetry: { enabled: false },
      cf: false, // no fetch of request.cf's data from the network
      resourcePersistencePath: path.join(persistTo, "v3"),
      log: new KeptLog(LogLevel.WARN),
      handleStructuredLogs: ({ level, message }) => keep(message, (options.verbose ?? false) || level === "error"),
      unsafeHandleRuntimeRestart: () => void (restarted = true),
      workers,
    }),
  );
  try {
    await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw new Error(`the runtime did not start: ${(error as Error).message}\n${output}`);
  } finally {
    if (flags === undefined) delete process.env.MINIFLARE_WORKERD_V8_FLAGS;
    else process.env.MINIFLARE_WORKERD_V8_FLAGS = flags;
  }

  const pids = () => childrenWith(process.pid, `--socket-addr=entry=${host}:${entryPort}`);
  let stopped: Promise<void> | null = null;
  const dispose = () =>
    (stopped ??= mf
      .dispose()
      .catch(() => {})
      .finally(() => {
        if (!countersInMemory) return;
        rmSync(countersInMemory, { recursive: true, force: true });
        rmSync(path.join(persistTo, "v3", "ratelimit"), { force: true });
      }));
  return {
    base: `http://${host}:${port}`,
    port,
    persistTo,
    mf,
    // workerd names a worker's isolate in its inspector as core:user:<worker>.
    inspectorUrl: options.inspector ? `${(await mf.getInspectorURL()).href.replace(/\/?$/, "/")}core:user:${API_WORKER}` : null,
    stop: dispose,
    async kill9() {
      for (const pid of pids()) process.kill(pid, "SIGKILL");
      // In the same tick, before Miniflare sees the exit: disposing tells it not to restart workerd.
      await dispose();
    },
    pids,
    output: () => output,
    restarted: () => restarted,
  };
}
