/**
 * The API worker alone under `wrangler dev` on 127.0.0.1, for the crash and load checks and the
 * benchmark: a free port, a fresh D1 with the migrations applied, an operator key of its own, and
 * SIGKILL of workerd and wrangler by process id.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
  PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
  ...extra,
});

/** Where and how wrangler runs: `cwd` holds wrangler.toml and the worker (the repository by default). */
export interface WranglerOptions {
  cwd?: string;
  env?: Record<string, string>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh D1 with the migrations applied, in `dir` or a new temporary folder; answers the folder. */
export function freshDatabase(dir = mkdtempSync(path.join(tmpdir(), "leadboard-check-")), options: WranglerOptions = {}): string {
  const result = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "-c", "wrangler.toml", "--persist-to", dir], {
    cwd: options.cwd ?? ROOT,
    env: env(options.env),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrations: ${result.stdout}${result.stderr}`);
  return dir;
}

export const removeDatabase = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A process's name (its comm), or null once it is gone. */
export function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}

/** Every process under `pid` (children first found, then theirs), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export interface Server {
  base: string;
  port: number;
  inspectorPort: number;
  child: ChildProcess;
  /** SIGKILL: workerd (and any other process wrangler started) first, then wrangler itself. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL of whatever is left. */
  stop(): Promise<void>;
  /** SIGKILL of the whole tree without waiting: the last resort of an exit handler. */
  killNow(): void;
  output(): string;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

function killIds(ids: number[], signal: NodeJS.Signals) {
  for (const id of ids) {
    try {
      process.kill(id, signal);
    } catch {
      // gone already
    }
  }
}

/** Starts `wrangler dev -c wrangler.toml` (the API only) on a free port over the D1 in `persistTo`. */
export async function startApi(persistTo: string, operatorKey: string, options: WranglerOptions & { timeoutMs?: number } = {}): Promise<Server> {
  const [port, inspector] = [await freePort(), await freePort()];
  const child = spawn(
    "wrangler",
    [
      "dev", "-c", "wrangler.toml", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector),
      "--persist-to", persistTo, "--var", `OPERATOR_KEY:${operatorKey}`, "--show-interactive-dev-session=false", "--log-level", "warn",
    ],
    { cwd: options.cwd ?? ROOT, env: env(options.env), stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (log = (log + d).slice(-20_000)));
  const server: Server = {
    base: `http://127.0.0.1:${port}`,
    port,
    inspectorPort: inspector,
    child,
    output: () => log,
    async kill9() {
      const pid = child.pid!;
      killIds(descendants(pid).reverse(), "SIGKILL");
      killIds([pid], "SIGKILL");
      await exited(child);
    },
    async stop() {
      const pid = child.pid!;
      const tree = descendants(pid);
      killIds([pid], "SIGTERM");
      await Promise.race([exited(child), new Promise((r) => setTimeout(r, 3000))]);
      killIds([...tree.reverse(), pid], "SIGKILL");
      await exited(child);
    },
    killNow() {
      if (child.pid !== undefined && child.exitCode === null) killIds([...descendants(child.pid).reverse(), child.pid], "SIGKILL");
    },
  };
  const until = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${server.base}/v1/public-programs`);
      if (res.status < 500) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`wrangler dev did not answer at ${server.base}:\n${log}`);
}
