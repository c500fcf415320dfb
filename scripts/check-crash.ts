/**
 * Crash consistency (npm run check:crash): batches with overlapping events and duplicates are
 * posted concurrently to the API (scripts/leadboard.ts, on 127.0.0.1, over fresh temporary
 * state); while they are in flight workerd is killed with SIGKILL. This happens ROUNDS times.
 * Then the server is started once more over the same data and every batch is sent again: every
 * answer must be a 200 with no rejection; the program's engine (the Durable Object that keeps its
 * ledger) must have logged each distinct event as accepted exactly once, across all answers,
 * those lost in the crashes included; and each participant's all-time score must equal the score
 * of storing each distinct event once (SPEC §3: a batch is committed whole or not at all, and a
 * retry never counts anything twice).
 *
 * After each restart the first read is timed: the engine rebuilds its boards from its SQLite
 * storage before it answers (a cold rebuild).
 *
 * Settings (environment): ROUNDS (2), BATCHES (80), BATCH_SIZE (40), SEED (random).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { boardScores, call, type CheckEvent, differences, eventPool, expectedScores, newOperatorKey, prng, setUpProgram } from "./check-program.ts";
import { engineStats } from "./engine-stats.ts";
import { type Leadboard, startLeadboard } from "./leadboard.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 2);
const BATCHES = Number(process.env.BATCHES ?? 80);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? 40);
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
const IN_FLIGHT = 8;
const PARTICIPANTS = 30;

const started = Date.now();
const log = (m: string) => console.log(`[check:crash ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

async function main(): Promise<number> {
  const random = prng(SEED);
  log(`seed ${SEED}: ${ROUNDS} crash rounds, ${BATCHES} batches of ${BATCH_SIZE}`);
  const persistTo = mkdtempSync(path.join(tmpdir(), "leadboard-check-"));
  const operatorKey = newOperatorKey();
  const start = () => startLeadboard({ persistTo, operatorKey, migrate: false });
  let server: Leadboard = await startLeadboard({ persistTo, operatorKey });
  try {
    const p = await setUpProgram(server.base, operatorKey, PARTICIPANTS, 1);
    const pool = eventPool(BATCHES * BATCH_SIZE * 0.6, p.ids, random, "crash");
    // Batches drawn from the pool: overlapping each other, some with an event twice.
    const batches: CheckEvent[][] = Array.from({ length: BATCHES }, () => {
      const batch = Array.from({ length: BATCH_SIZE }, () => pool[Math.floor(random() * pool.length)]);
      if (random() < 0.3) batch.push(batch[0]);
      return batch;
    });
    const post = (base: string, batch: CheckEvent[]) => call(base, "POST", `${p.programPath}/events`, p.ingestKeys[0], { events: batch });
    /** The first read after a start: the engine loads its ledger and rebuilds its boards before answering. */
    const firstRead = async (round: string) => {
      const t = performance.now();
      const res = await call(server.base, "GET", `${p.programPath}/leaderboard?period=all&limit=100`, p.adminKey);
      if (res.status !== 200) throw new Error(`first read after the restart: ${res.status} ${JSON.stringify(res.body)}`);
      log(`${round}: first read after the restart (the engine's cold rebuild) took ${(performance.now() - t).toFixed(0)} ms`);
    };

    for (let round = 1; round <= ROUNDS; round++) {
      let answered = 0;
      let failed = 0;
      let next = 0;
      const base = server.base;
      const worker = async () => {
        while (next < batches.length) {
          const batch = batches[(next++ + round * 17) % batches.length];
          try {
            const res = await post(base, batch);
            if (res.status >= 500) throw new Error(`5xx before the crash: ${res.status} ${JSON.stringify(res.body)}`);
            answered++;
          } catch (e) {
            if (String(e).includes("5xx")) throw e;
            failed++;
          }
        }
      };
      const flights = Array.from({ length: IN_FLIGHT }, worker);
      // Kill once some batches are stored and others are on the way.
      const target = Math.floor(batches.length * (0.2 + 0.4 * random()));
      while (answered < target && next < batches.length) await new Promise((r) => setTimeout(r, 5));
      await server.kill9();
      await Promise.all(flights);
      log(`round ${round}: SIGKILL of workerd after ${answered} answered batches; ${failed} requests cut off`);
      server = await start();
      await firstRead(`round ${round}`);
    }

    // The client's retry: every batch again, after the last restart.
    let accepted = 0;
    for (const batch of batches) {
      const res = await post(server.base, batch);
      if (res.status !== 200) throw new Error(`retry answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (res.body.rejected.length) throw new Error(`retry rejected events: ${JSON.stringify(res.body.rejected.slice(0, 3))}`);
      if (res.body.accepted + res.body.duplicates !== batch.length) throw new Error(`retry counted ${JSON.stringify(res.body)} of ${batch.length}`);
      accepted += res.body.accepted;
    }
    const distinct = new Set(batches.flat().map((e) => e.id)).size;
    const problems: string[] = [];
    // The engine logs each batch it stores in the same transaction as its events.
    const ingestion = await call(server.base, "GET", `${p.programPath}/ingestion`, p.adminKey);
    if (ingestion.status !== 200) throw new Error(`ingestion log: ${ingestion.status} ${JSON.stringify(ingestion.body)}`);
    if (ingestion.body.totals.accepted !== distinct)
      problems.push(`the engine logged ${ingestion.body.totals.accepted} events accepted across all batches, for ${distinct} distinct events`);
    const stats = await engineStats(server.mf, p.slug);
    if (stats.participants !== PARTICIPANTS) problems.push(`the engine holds ${stats.participants} participants, not ${PARTICIPANTS}`);
    problems.push(...differences(expectedScores(batches.flat(), p.ids), await boardScores(server.base, p)));
    if (problems.length) {
      console.error(`FAIL: the stored events differ from storing each of the ${distinct} distinct events once:\n${problems.join("\n")}`);
      return 1;
    }
    log(
      `OK: ${distinct} distinct events (${accepted} newly accepted on the final retry); each stored once by the engine; every score equals storing each once`,
    );
    return 0;
  } catch (e) {
    console.error(`FAIL: ${e instanceof Error ? e.message : e}\n--- runtime output ---\n${server.output()}`);
    return 1;
  } finally {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

process.exitCode = await main();
