/**
 * `npm run bench:compare -- --against <commit> [--participants N] [--events N] [--requests N]`
 *
 * The reads and ingest posts of two versions of the worker, side by side: this work tree's and another commit's,
 * each served as `npm start` serves it (scripts/leadboard.ts) with the same program loaded, and one client asking each in
 * turn, the same request, alternating which goes first. On a shared machine two runs of the bench
 * differ by more than most changes do; interleaved requests share whatever the machine is doing
 * at that moment, so their ratio is the change's. Requests that neither version changed are the
 * control: their ratio should stay near 1. The posts come last (a single event, then batches of
 * 1000), each with events new to both servers, so the reads see the same program.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fmt, log, median } from "./context.ts";
import {
  eventBatches,
  historyStart,
  lastEndedWeek,
  PROGRAM_SLUG,
  participantChunks,
  participantId,
  population,
  programDocument,
  singleEvents,
} from "./generate.ts";
import { api, http } from "./load.ts";
import type { Leadboard } from "../scripts/leadboard.ts";
import { REPO, startServer } from "./server.ts";

const { values: args } = parseArgs({
  options: {
    against: { type: "string" },
    participants: { type: "string", default: "2000" },
    events: { type: "string", default: "100000" },
    requests: { type: "string", default: "400" },
  },
});
if (!args.against) {
  console.error("--against <commit>: the version to compare this work tree's reads with.");
  process.exit(2);
}
const [participants, events, requests] = [Number(args.participants), Number(args.events), Number(args.requests)];
const WARM_UP = 50;

const dir = mkdtempSync(join(os.tmpdir(), "leadboard-compare-"));
const checkout = join(dir, "base");
const git = (...argv: string[]) => execFileSync("git", argv, { cwd: REPO, encoding: "utf8" }).trim();
const against = git("rev-parse", "--short", args.against);
git("worktree", "add", "--detach", checkout, against);

interface Side {
  name: string;
  server: Leadboard;
  key: string;
  /** The top page's cursor, for the next page. */
  cursor?: string;
}
/** A request to time: a read's path, or a POST of events. */
type Ask = { path: string; body?: string };
type Asks = Record<string, (i: number, side: Side) => Ask>;

const operatorKey = `op-${Date.now().toString(36)}`;
const servers: Side[] = [];
try {
  for (const [name, source] of [
    ["this tree", REPO],
    [against, checkout],
  ] as const) {
    const serverDir = join(dir, `server-${servers.length}`);
    mkdirSync(serverDir);
    log(`starting ${name}…`);
    const server = await startServer(serverDir, operatorKey, 128, source);
    servers.push({ name, server, key: "" });
  }
  await compare(await load());
} finally {
  for (const { server } of servers) await server.stop();
  git("worktree", "remove", "--force", checkout);
  rmSync(dir, { recursive: true, force: true });
}

/** The same program, participants and events into both servers; answers the requests to compare. */
async function load(): Promise<Asks> {
  const now = Date.now();
  const pop = population(participants);
  const program = `/v1/programs/${PROGRAM_SLUG}`;
  for (const s of servers) {
    s.key = (await api(s.server.base, operatorKey, "POST", "/v1/orgs", { slug: "bench", name: "Bench Ltd" })).adminKey;
    await api(s.server.base, s.key, "PUT", program, programDocument(new Date(historyStart(now, 13)).toISOString().slice(0, 10)));
    for (const chunk of participantChunks(pop, 1000)) await api(s.server.base, s.key, "PUT", `${program}/participants`, { participants: chunk });
  }
  log(`loading ${fmt(events)} events for ${fmt(participants)} participants into both…`);
  for (const batch of eventBatches(pop, events, now, 13)) {
    const body = JSON.stringify({ events: batch.events });
    for (const r of await Promise.all(servers.map((s) => http(s.server.base, "POST", `${program}/events`, s.key, body)))) {
      if (r.status !== 200) throw new Error(`POST events: ${r.status} ${r.text.slice(0, 300)}`);
    }
  }
  const week = `period=week&at=${lastEndedWeek(now)}`;
  const dormant = pop.dormant.at(-1) ?? participants - 1;
  const get = (path: (i: number, s: Side) => string) => (i: number, s: Side) => ({ path: path(i, s) });
  const asks = (count: number, size: number) => {
    const made = singleEvents(pop, count * size, now).events;
    return (i: number) => ({ path: `${program}/events`, body: JSON.stringify({ events: made.slice(i * size, (i + 1) * size) }) });
  };
  const total = WARM_UP + requests;
  const reads: Asks = {
    floor: get(() => `${program}/reports/weekly`),
    top100: get(() => `${program}/leaderboard?${week}&limit=100`),
    team: get(() => `${program}/leaderboard?scope=team&${week}`),
    score: get((i) => `${program}/participants/${participantId((i * 7919) % participants)}/score?${week}`),
    around: get(() => `${program}/leaderboard?${week}&around=${participantId(dormant)}&limit=100`),
    "around a random seller": get((i) => `${program}/leaderboard?${week}&around=${participantId((i * 7919) % participants)}&limit=100`),
    "next page": get((_, s) => `${program}/leaderboard?${week}&limit=100&cursor=${encodeURIComponent(s.cursor!)}`),
    "post a single event": asks(total, 1),
    "post a batch of 1000 events": asks(total, 1000),
  };
  for (const s of servers) s.cursor = (await api(s.server.base, s.key, "GET", reads.top100(0, s).path)).nextCursor;
  return reads;
}

async function compare(asks: Asks) {
  const rows = [["request, one client", `${servers[0].name} p50`, `${against} p50`, "ratio p50", "ratio mean"]];
  for (const [kind, ask] of Object.entries(asks)) {
    const ms = servers.map((): number[] => []);
    for (let i = 0; i < WARM_UP + requests; i++) {
      for (const k of i % 2 ? [0, 1] : [1, 0]) {
        const side = servers[k];
        const { path, body } = ask(i, side);
        const method = body === undefined ? "GET" : "POST";
        const r = await http(side.server.base, method, path, side.key, body);
        if (r.status !== 200) throw new Error(`${side.name}: ${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
        if (i >= WARM_UP) ms[k].push(r.ms);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [a, b] = ms;
    rows.push([kind, `${median(a).toFixed(2)} ms`, `${median(b).toFixed(2)} ms`, (median(a) / median(b)).toFixed(2), (mean(a) / mean(b)).toFixed(2)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`\n${fmt(requests)} requests of each kind to each server, interleaved (after ${WARM_UP} to warm up); ratio = this tree ÷ ${against}\n`);
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
}
