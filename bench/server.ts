/**
 * The product under test, started the way `npm start` starts it: `wrangler d1 migrations apply`
 * then `wrangler dev`, here on a free loopback port with a fresh `--persist-to` directory, from a
 * snapshot of the worker's source (so that edits in the work tree during a run do not reload it).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const REPO = join(import.meta.dirname, "..");
const WRANGLER = join(REPO, "node_modules", ".bin", "wrangler");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  base: string;
  wrangler: ChildProcess;
  state: string;
  port: number;
  inspectorPort: number;
  log: string;
  stop(): Promise<void>;
  /** Synchronous last resort, for exit handlers. */
  kill(): void;
}

export async function startServer(dir: string, operatorKey: string): Promise<Server> {
  const app = join(dir, "app");
  mkdirSync(app, { recursive: true });
  for (const name of ["worker", "scoring", "migrations", "wrangler.toml", "package.json", "tsconfig.json"]) {
    cpSync(join(REPO, name), join(app, name), { recursive: true });
  }
  symlinkSync(join(REPO, "node_modules"), join(app, "node_modules"));
  const state = join(dir, "state");
  const log = join(dir, "wrangler.log");
  // Local observability (wrangler's trace store for its local explorer) writes every request's
  // spans to a SQLite file of its own: development tooling with no counterpart in a deployed
  // Worker, and work on every request and D1 call. The benchmark turns it off.
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", X_LOCAL_OBSERVABILITY: "false" };

  const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: app,
    env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const [port, inspectorPort] = [await freePort(), await freePort()];
  const out = openSync(log, "a");
  const wrangler = spawn(
    WRANGLER,
    [
      "dev",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      "--persist-to", state,
      "--var", `OPERATOR_KEY:${operatorKey}`,
      "--show-interactive-dev-session=false",
      // Request lines are info: logging one per request would be measured too.
      "--log-level", "warn",
    ],
    // Its own process group, so that stopping it stops workerd too.
    { cwd: app, env, stdio: ["ignore", out, out], detached: true },
  );
  let exited = false;
  wrangler.on("exit", () => (exited = true));
  const kill = () => {
    if (exited || wrangler.pid === undefined) return;
    try {
      process.kill(-wrangler.pid, "SIGKILL");
    } catch {
      /* gone already */
    }
  };
  const stop = async () => {
    if (exited || wrangler.pid === undefined) return;
    try {
      process.kill(-wrangler.pid, "SIGTERM");
    } catch {
      return;
    }
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    kill();
  };

  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`wrangler dev exited; see ${log}:\n${tail(log)}`);
    if (Date.now() - started > 120_000) {
      kill();
      throw new Error(`wrangler dev did not answer at ${base} within 120 s; see ${log}`);
    }
    try {
      const r = await fetch(`${base}/v1`);
      await r.arrayBuffer();
      break;
    } catch {
      await sleep(200);
    }
  }
  return { base, wrangler, state, port, inspectorPort, log, stop, kill };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "";
  }
}

/** The processes named `name` below `root` in the process tree, from /proc. */
export function findDescendants(root: number, name: string): number[] {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      const pid = Number(entry);
      names.set(pid, comm);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      /* exited meanwhile */
    }
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    if (names.get(pid) === name) found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * wrangler dev runs two workerd processes: a small proxy that listens on the public port, and the
 * runtime that runs the worker and its local D1 (it holds the SQLite files under --persist-to
 * open). Call after the first database query.
 */
export function workerdProcesses(server: Server): { runtime: number | null; proxy: number | null } {
  const pids = server.wrangler.pid === undefined ? [] : findDescendants(server.wrangler.pid, "workerd");
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
