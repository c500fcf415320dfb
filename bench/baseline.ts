/** The raw baseline: the same events and reads against Redis sorted sets (redis-server on loopback), straight from the bench's client. */
import { performance } from "node:perf_hooks";
import type { Redis } from "ioredis";
import { seededRandom } from "../scripts/demo/random.ts";
import { type BenchRun, fmt, log, measureReads, median, progressReporter, type ReadLatency } from "./context.ts";
import { figuresOf, type Measured } from "./figures.ts";
import { type EventBatch, eventBatches, participantChunks, type Population, participantId, singleEvents } from "./generate.ts";
import { closedLoop, round, summarise } from "./load.ts";
import { type RedisServer, weekKey } from "./redis.ts";
import { memoryOf } from "./server.ts";

/** Every participant on the week's board with 0, as Leadboard ranks them (ZADD NX). */
export async function registerParticipants(client: Redis, week: string, pop: Population) {
  for (const chunk of participantChunks(pop, 1000)) await client.zadd(weekKey(week), "NX", ...chunk.flatMap((x) => [0, x.id]));
}

/** The same workload against Redis sorted sets; empties the server after. */
export async function runRedis(run: BenchRun, redis: RedisServer): Promise<Measured> {
  const { preset, now, boardWeek, previousWeek, pop, aroundTarget, eventsLoaded } = run;
  const clients = await redis.connect(Math.max(preset.batchConcurrency, preset.singleConcurrency, preset.readConcurrency));
  try {
    const [c0] = clients;
    const board = weekKey(boardWeek);
    await registerParticipants(c0, boardWeek, pop);

    log(`baseline: ZINCRBY for ${fmt(eventsLoaded)} events, pipelines of 1000, ${preset.batchConcurrency} at a time…`);
    const batches = eventBatches(pop, preset.events, now, preset.weeks);
    const batchMs: number[] = [];
    let sent = 0;
    let queued = 0;
    const started = performance.now();
    const progress = progressReporter("baseline ingest", eventsLoaded, () => "");
    await Promise.all(
      clients.slice(0, preset.batchConcurrency).map(async (client) => {
        for (let next = batches.next(); !next.done && queued < eventsLoaded; next = batches.next()) {
          queued += next.value.events.length;
          const t = performance.now();
          await zincrby(client.pipeline(), next.value).exec();
          batchMs.push(performance.now() - t);
          sent += next.value.events.length;
          progress(sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const batched = summarise(batchMs, seconds);
    log(`baseline: ${fmt(sent / seconds)} ev/s`);

    const singles = singleEvents(pop, preset.singleEvents, Date.now());
    const single = await closedLoop(singles.events.length, preset.singleConcurrency, preset.singleSeconds, async (i, client) => {
      const t = performance.now();
      await clients[client].zincrby(weekKey(singles.weeks[i]), singles.points[i], singles.events[i].participant);
      return performance.now() - t;
    });

    const random = seededRandom(99).next;
    const reads: Record<string, (client: Redis) => Promise<unknown>> = {
      floor: (c) => c.ping(),
      top100: (c) => c.zrevrange(board, 0, 99, "WITHSCORES"),
      // Score, rank and board size in one round trip.
      score: (c) => {
        const id = participantId(Math.floor(random() * pop.count));
        return c.pipeline().zscore(board, id).zrevrank(board, id).zcard(board).exec();
      },
      around: async (c) => {
        const rank = (await c.zrevrank(board, aroundTarget)) ?? 0;
        return c.zrevrange(board, Math.max(0, rank - 49), rank + 50, "WITHSCORES");
      },
    };
    const latency: Record<string, ReadLatency> = {};
    for (const [name, read] of Object.entries(reads)) {
      latency[name] = await measureReads(run, name, "baseline ", async (_i, client) => {
        const t = performance.now();
        await read(clients[client]);
        return performance.now() - t;
      });
    }

    // Power 100: this week's top 100 with scores and the count of positive scores; last week's rank and score of each; the report stored.
    const powerSeconds: number[] = [];
    for (let i = 0; i < preset.powerRuns; i++) {
      const t = performance.now();
      const [top, total] = await Promise.all([c0.zrevrange(board, 0, 99, "WITHSCORES"), c0.zcount(board, "(0", "+inf")]);
      const ids = top.filter((_, k) => k % 2 === 0);
      const before = ids.reduce((pipe, id) => pipe.zrevrank(weekKey(previousWeek), id).zscore(weekKey(previousWeek), id), c0.pipeline());
      const previous = (await before.exec()) ?? [];
      const entries = ids.map((id, k) => ({
        id,
        rank: k + 1,
        score: Number(top[2 * k + 1]),
        previousRank: previous[2 * k]?.[1],
        previousScore: previous[2 * k + 1]?.[1],
      }));
      await c0.set(`report:${boardWeek}`, JSON.stringify({ total, entries }));
      powerSeconds.push((performance.now() - t) / 1000);
    }

    const memory = memoryOf(redis.pid);
    log(`baseline: redis-server VmHWM ${memory ? Math.round(memory.hwmMb) : "?"} MB`);
    const figures = figuresOf(sent / seconds, batched, single, latency, median(powerSeconds), memory?.hwmMb ?? null);
    return { ...figures, team_p50_ms: null, team_p99_ms: null, details: { reads: latency, power100_runs_s: powerSeconds.map((s) => round(s, 5)) } };
  } finally {
    await clients[0].flushall();
    for (const c of clients) c.disconnect();
  }
}

function zincrby(pipe: ReturnType<Redis["pipeline"]>, batch: EventBatch) {
  batch.events.forEach((e, i) => pipe.zincrby(weekKey(batch.weeks[i]), batch.points[i], e.participant));
  return pipe;
}
