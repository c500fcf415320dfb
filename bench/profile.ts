/**
 * `npm run bench:profile -- [--participants N] [--events N] [--op ingest|single|top100|score|around|team] [--seconds S] [--interval US] [--clients N] [--no-rate-limits]`
 *
 * Where the API worker's isolate spends its time in one kind of request: loads a synthetic program
 * (generate.ts) into the product as the bench does, then records a CPU profile through the
 * runtime's inspector (the DevTools protocol's Profiler domain) while 8 clients repeat the chosen
 * operation, and prints the functions with the most time, by self and by total. The worker and
 * the program engines run in the one isolate, so the profile holds both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { type BenchRun, fmt, log } from "./context.ts";
import { eventBatches, historyStart, isoWeek, lastEndedWeek, participantChunks, participantId, population, programDocument } from "./generate.ts";
import { PROGRAM_PATH as p, postHistory, readPaths, type Target } from "./http-load.ts";
import { openInspector } from "./isolate.ts";
import { api, closedLoop, http } from "./load.ts";
import { PRESETS } from "./presets.ts";
import { startServer } from "./server.ts";

const { values: args } = parseArgs({
  options: {
    participants: { type: "string", default: "20000" },
    events: { type: "string", default: "1000000" },
    op: { type: "string", default: "score" },
    seconds: { type: "string", default: "10" },
    interval: { type: "string", default: "200" },
    top: { type: "string", default: "30" },
    clients: { type: "string", default: "8" },
    // Without the Rate Limiting binding, whose local simulation is a Durable Object call per post.
    "no-rate-limits": { type: "boolean", default: false },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A DevTools protocol session over the inspector's WebSocket. */
async function inspect(url: string) {
  const ws = await openInspector(url);
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (m) => {
    const data = JSON.parse(String(m.data)) as { id?: number; result?: unknown };
    if (data.id !== undefined) waiting.get(data.id)?.(data.result);
  });
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        const id = next++;
        waiting.set(id, resolve as (r: unknown) => void);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Self and total milliseconds per function (name, file and line), heaviest first. */
function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const name = (n: ProfileNode) => {
    const file = n.callFrame.url.split("/").slice(-2).join("/");
    return `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    self.set(name(node), (self.get(name(node)) ?? 0) + ms);
    // A recursive function counts once per sample in its total.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  }
  const sum = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top));
  return { sum, self: top(self), total: top(total) };
}

const participants = Number(args.participants);
const events = Number(args.events);
const now = Date.now();
const dir = mkdtempSync(join(os.tmpdir(), "leadboard-profile-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const run: BenchRun = {
  preset: { ...PRESETS.small, name: "profile", participants, events, batchConcurrency: 2 },
  dir,
  now,
  boardWeek: lastEndedWeek(now),
  previousWeek: isoWeek(now - 14 * 86_400_000),
  pop: population(participants),
  aroundTarget: participantId(participants - 1),
  code: null,
  heapLimitMb: 0,
  maxIngestMinutes: Infinity,
  eventsLoaded: events,
  halfLoadRates: {},
  killers: new Set(),
};

const operatorKey = "op-profile";
const server = await startServer(dir, operatorKey, 0, undefined, undefined, args["no-rate-limits"]);
try {
  const b = server.base;
  const { adminKey } = await api(b, operatorKey, "POST", "/v1/orgs", { slug: "bench", name: "Bench Ltd" });
  await api(b, adminKey, "PUT", p, programDocument(new Date(historyStart(now, run.preset.weeks)).toISOString().slice(0, 10)));
  for (const chunk of participantChunks(run.pop, 1000)) await api(b, adminKey, "PUT", `${p}/participants`, { participants: chunk });
  const { key: ingestKey } = await api(b, adminKey, "POST", `${p}/keys`, { role: "ingest" });
  const target: Target = { name: "Leadboard", base: b, readKey: adminKey, ingestKeys: [ingestKey] };
  const op = args.op!;
  const session = await inspect(server.inspectorUrl!);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: Number(args.interval) });
  const seconds = Number(args.seconds);
  let requests = 0;
  let started = 0;
  if (op === "ingest") {
    // The profile covers the whole load.
    await session.send("Profiler.start");
    started = performance.now();
    const load = await postHistory(run, target);
    requests = load.batches.n;
  } else {
    await postHistory(run, target);
    const paths = readPaths(run);
    const singles = op === "single" ? eventBatches(run.pop, 1_000_000, Date.now(), 1) : null;
    const pending: unknown[] = [];
    // A key per client: the product limits each credential's posts.
    const keys = singles
      ? await Promise.all(
          Array.from({ length: Number(args.clients) }, async () => (await api(b, adminKey, "POST", `${p}/keys`, { role: "ingest" })).key as string),
        )
      : [];
    const job = async (i: number, client = 0) => {
      if (singles) {
        pending.length || pending.push(...singles.next().value!.events);
        const r = await http(b, "POST", `${p}/events`, keys[client], JSON.stringify({ events: [pending.pop()] }));
        if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
        return r.ms;
      }
      const r = await http(b, "GET", paths[op](i), adminKey);
      if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
      return r.ms;
    };
    for (let i = 0; i < 50; i++) await job(i);
    log(`profiling workerd pid ${server.pids().join(", ")}`);
    await session.send("Profiler.start");
    started = performance.now();
    const l = await closedLoop(1_000_000, Number(args.clients), seconds, job);
    requests = l.n;
    log(`${op}: ${fmt(l.n)} requests, p50 ${l.p50_ms} ms, p99 ${l.p99_ms} ms, ${fmt(l.per_s)}/s`);
  }
  const wall = performance.now() - started;
  const { profile } = await session.send<{ profile: Profile }>("Profiler.stop");
  session.close();
  const { sum, self, total } = summarise(profile);
  const idle = self.find(([k]) => k.startsWith("(idle)"))?.[1] ?? 0;
  log(`${op}: ${fmt(requests)} requests in ${fmt(wall)} ms; isolate busy ${fmt(sum - idle)} ms (${((sum - idle) / requests).toFixed(3)} ms a request)`);
  const print = (title: string, rows: [string, number][]) => {
    console.log(`\n${title}`);
    for (const [k, ms] of rows) console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / (sum - idle)).toFixed(1).padStart(5)}%  ${k}`);
  };
  print("by self time", self);
  print("by total time", total);
} finally {
  await server.stop();
}
process.exit(0);
