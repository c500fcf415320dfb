/**
 * The baseline: Debian's redis-server on loopback, started and stopped here, holding one sorted
 * set per ISO week (member = participant id, score = points). No persistence (`--save ""`,
 * `--appendonly no`): it is the in-memory yardstick, not a durable store.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect as netConnect } from "node:net";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./server.ts";

export const INSTALL_HINT =
  "redis-server is not installed. Install it with:\n\n  apt-get update && apt-get install -y redis-server\n\n(or run with --no-baseline to measure Leadboard alone).";

export function redisAvailable(): boolean {
  const r = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

export interface RedisServer {
  pid: number | null;
  port: number;
  /** Connections, one per concurrent client. */
  connect(count: number): Promise<Redis[]>;
  stop(): Promise<void>;
  kill(): void;
}

export async function startRedis(dir: string): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", join(dir, "redis.log")],
    { stdio: "ignore" },
  );
  let exited = false;
  child.on("exit", () => (exited = true));
  const opened: Redis[] = [];
  const connect = async (count: number) => {
    const clients = Array.from({ length: count }, () => new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 1 }));
    await Promise.all(clients.map((c) => c.connect()));
    opened.push(...clients);
    return clients;
  };
  const kill = () => {
    if (!exited) child.kill("SIGKILL");
  };
  const stop = async () => {
    for (const c of opened) c.disconnect();
    if (exited) return;
    child.kill("SIGTERM");
    for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
    kill();
  };
  // Wait until it accepts connections.
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`redis-server exited at start; see ${join(dir, "redis.log")}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) break;
    if (i > 100) {
      kill();
      throw new Error("redis-server did not accept connections within 10 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid ?? null, port, connect, stop, kill };
}

export const weekKey = (week: string) => `board:${week}`;
