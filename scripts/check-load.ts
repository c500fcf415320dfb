/**
 * Load (npm run check:load): CLIENTS concurrent clients, each with its own ingest key, post
 * overlapping batches with duplicates (within and across batches) to the API (scripts/leadboard.ts,
 * on 127.0.0.1, over fresh temporary state) for DURATION seconds, while two readers page through the
 * boards. Must hold: no 5xx and no dropped connection; no event rejected; across all answers each
 * distinct event is accepted exactly once; and each participant's all-time score equals the score
 * of storing each distinct event once. A 429 (the per-credential limit) is waited out and the
 * same batch sent again, as a client would.
 *
 * Settings (environment): CLIENTS (32), DURATION seconds (15), POOL distinct events (20000), SEED (random).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { boardScores, call, type CheckEvent, differences, eventPool, expectedScores, newOperatorKey, prng, setUpProgram } from "./check-program.ts";
import { startLeadboard } from "./leadboard.ts";

const CLIENTS = Number(process.env.CLIENTS ?? 32);
const DURATION_S = Number(process.env.DURATION ?? 15);
const POOL = Number(process.env.POOL ?? 20000);
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));

const started = Date.now();
const log = (m: string) => console.log(`[check:load ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

async function main(): Promise<number> {
  const random = prng(SEED);
  log(`seed ${SEED}: ${CLIENTS} clients for ${DURATION_S}s over ${POOL} distinct events`);
  const persistTo = mkdtempSync(path.join(tmpdir(), "leadboard-check-"));
  const operatorKey = newOperatorKey();
  const server = await startLeadboard({ persistTo, operatorKey });
  try {
    const p = await setUpProgram(server.base, operatorKey, 50, CLIENTS);
    const pool = eventPool(POOL, p.ids, random, "load");
    const sent: CheckEvent[] = [];
    const problems: string[] = [];
    const stats = { batches: 0, events: 0, accepted: 0, duplicates: 0, limited: 0, reads: 0 };
    const until = Date.now() + DURATION_S * 1000;

    const client = async (key: string, rnd: () => number) => {
      while (Date.now() < until && problems.length === 0) {
        // A run of neighbouring pool events (so clients overlap), some sent twice in the batch.
        const size = 1 + Math.floor(rnd() * 60);
        const start = Math.floor(rnd() * pool.length);
        const batch = Array.from({ length: size }, (_, i) => pool[(start + (rnd() < 0.15 ? 0 : i)) % pool.length]);
        for (;;) {
          let res: Awaited<ReturnType<typeof call>>;
          try {
            res = await call(server.base, "POST", `${p.programPath}/events`, key, { events: batch });
          } catch (e) {
            problems.push(`connection failed: ${e}`);
            return;
          }
          if (res.status === 429) {
            stats.limited++;
            await new Promise((r) => setTimeout(r, Number(res.headers.get("Retry-After") ?? 1) * 1000));
            continue;
          }
          if (res.status !== 200) problems.push(`${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
          else if (res.body.rejected.length) problems.push(`rejected: ${JSON.stringify(res.body.rejected.slice(0, 3))}`);
          else if (res.body.accepted + res.body.duplicates !== batch.length) problems.push(`counted ${JSON.stringify(res.body)} of ${batch.length}`);
          else {
            stats.batches++;
            stats.events += batch.length;
            stats.accepted += res.body.accepted;
            stats.duplicates += res.body.duplicates;
            sent.push(...batch);
          }
          break;
        }
      }
    };
    const reader = async () => {
      while (Date.now() < until && problems.length === 0) {
        const q = ["period=all", "period=week", "period=month&limit=10", "scope=team&period=all"][stats.reads % 4];
        try {
          const res = await call(server.base, "GET", `${p.programPath}/leaderboard?${q}`, p.adminKey);
          if (res.status >= 500) problems.push(`read ${q}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        } catch (e) {
          problems.push(`read connection failed: ${e}`);
        }
        stats.reads++;
      }
    };
    await Promise.all([...p.ingestKeys.map((key, i) => client(key, prng(SEED + i + 1))), reader(), reader()]);
    log(
      `${stats.batches} batches, ${stats.events} events (${stats.accepted} accepted, ${stats.duplicates} duplicates), ${stats.limited} rate-limited, ${stats.reads} reads`,
    );
    if (problems.length) {
      console.error(`FAIL: ${problems.length} problems, the first:\n${problems.slice(0, 5).join("\n")}`);
      return 1;
    }
    const distinct = new Set(sent.map((e) => e.id)).size;
    if (stats.accepted !== distinct) {
      console.error(`FAIL: ${stats.accepted} events accepted across all answers, but ${distinct} distinct events were sent`);
      return 1;
    }
    const diff = differences(expectedScores(sent, p.ids), await boardScores(server.base, p));
    if (diff.length) {
      console.error(`FAIL: scores differ from storing each of the ${distinct} distinct events once:\n${diff.join("\n")}`);
      return 1;
    }
    log(`OK: no 5xx; each of ${distinct} distinct events accepted exactly once; every score exact`);
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
