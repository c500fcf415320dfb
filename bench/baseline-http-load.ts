/**
 * The Redis-behind-HTTP baseline's run: bench/baseline-http.ts in a process of its own over the
 * run's redis-server, loaded by the same client code as Leadboard (http-load.ts): the history in
 * batches, single events, then the read kinds it answers.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { registerParticipants } from "./baseline.ts";
import { type BenchRun, log } from "./context.ts";
import { figuresOf, type Measured } from "./figures.ts";
import { measureHttpReads, postHistory, postSingles, type Target } from "./http-load.ts";
import type { RedisServer } from "./redis.ts";
import { freePort } from "./server.ts";

export async function runRedisOverHttp(run: BenchRun, redis: RedisServer): Promise<Measured> {
  const port = await freePort();
  log("baseline over HTTP: starting bench/baseline-http.ts…");
  const child = spawn(process.execPath, [join(import.meta.dirname, "baseline-http.ts"), String(port), String(redis.port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const kill = () => void child.kill("SIGKILL");
  run.killers.add(kill);
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d) => String(d).includes("listening") && resolve());
      child.once("exit", (code) => reject(new Error(`bench/baseline-http.ts exited with ${code}`)));
    });
    const [client] = await redis.connect(1);
    await registerParticipants(client, run.boardWeek, run.pop);
    const target: Target = { name: "Redis+HTTP", base: `http://127.0.0.1:${port}`, readKey: null, ingestKeys: [null] };
    const load = await postHistory(run, target);
    const single = await postSingles(run, target);
    const reads = await measureHttpReads(run, target, "baseline over HTTP ", ["http", "floor", "top100", "score", "around"]);
    await client.flushall();
    return { ...figuresOf(load.sent / load.seconds, load.batches, single, reads, null, null), details: { reads } };
  } finally {
    kill();
    run.killers.delete(kill);
  }
}
