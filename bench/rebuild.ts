/**
 * rebuild_s: how long the first read of a hot board takes after a restart. The program's engine
 * keeps its boards in memory and rebuilds them from its SQLite storage when its object starts,
 * before it answers; so the server is restarted over the same data before each hot board's first
 * read (top-100, then a score card), and rebuild_s is the slower of the two.
 */
import type { Leadboard } from "../scripts/leadboard.ts";
import { type BenchRun, log } from "./context.ts";
import { participantId } from "./generate.ts";
import { PROGRAM_PATH as p } from "./http-load.ts";
import { http, round } from "./load.ts";
import { startServer } from "./server.ts";

export async function measureRebuild(run: BenchRun, server: Leadboard, operatorKey: string, adminKey: string) {
  const week = `period=week&at=${run.boardWeek}`;
  const reads = {
    top100: `${p}/leaderboard?${week}&limit=100`,
    score: `${p}/participants/${participantId(0)}/score?${week}`,
  };
  const details: Record<string, { restart_s: number; first_read_s: number; second_read_s: number }> = {};
  for (const [kind, path] of Object.entries(reads)) {
    await server.stop();
    const started = performance.now();
    server = await startServer(run.dir, operatorKey, run.heapLimitMb, undefined, server);
    const restart = (performance.now() - started) / 1000;
    const first = await http(server.base, "GET", path, adminKey);
    if (first.status !== 200) throw new Error(`first ${kind} read after a restart: ${first.status} ${first.text.slice(0, 300)}`);
    const second = await http(server.base, "GET", path, adminKey);
    details[kind] = { restart_s: round(restart, 2), first_read_s: round(first.ms / 1000, 3), second_read_s: round(second.ms / 1000, 4) };
    log(`restarted in ${restart.toFixed(1)} s; the first ${kind} read took ${(first.ms / 1000).toFixed(2)} s (the next ${second.ms.toFixed(1)} ms)`);
  }
  return { server, rebuild_s: Math.max(...Object.values(details).map((d) => d.first_read_s)), details };
}
