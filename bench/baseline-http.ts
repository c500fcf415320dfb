/**
 * `node bench/baseline-http.ts <port> <redis port>`: the Redis-behind-HTTP baseline, what a team
 * would otherwise build: node:http and ioredis answering Leadboard's v1 paths for the bench
 * program with the raw baseline's operations (bench/baseline.ts): ZINCRBY per event, pipelined
 * per batch; ZREVRANGE for the top 100; ZSCORE+ZREVRANK+ZCARD for a score; ZREVRANK then ZREVRANGE
 * for a page around a participant; PING for the floor. No authentication, caps, idempotency or
 * durability. Prints "listening" once it accepts requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Redis } from "ioredis";
import { isoWeek, METRICS, PROGRAM_SLUG } from "./generate.ts";
import { weekKey } from "./redis.ts";

const [port, redisPort] = process.argv.slice(2).map(Number);
const redis = new Redis({ host: "127.0.0.1", port: redisPort });
const metrics = new Map(METRICS.map((m) => [m.key, m]));
const program = `/v1/programs/${PROGRAM_SLUG}`;
const scorePath = new RegExp(`^${program}/participants/([^/]+)/score$`);

interface Event {
  participant: string;
  metric: string;
  occurredAt: string;
  value?: number;
}

/** An event's points without caps, as the raw baseline counts them. */
function points(e: Event): number {
  const m = metrics.get(e.metric);
  return m && m.indicator === "lead" ? (e.value ?? 1) * m.points : 0;
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** ZREVRANGE … WITHSCORES as entries ranked from `start`. */
const entries = (flat: string[], start: number) =>
  Array.from({ length: flat.length / 2 }, (_, i) => ({ rank: start + i + 1, id: flat[2 * i], score: Number(flat[2 * i + 1]) }));

async function answer(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "POST" && url.pathname === `${program}/events`) {
    const { events } = JSON.parse(await bodyOf(req)) as { events: Event[] };
    const pipe = redis.pipeline();
    for (const e of events) pipe.zincrby(weekKey(isoWeek(Date.parse(e.occurredAt))), points(e), e.participant);
    await pipe.exec();
    return send(res, 200, { accepted: events.length, duplicates: 0, rejected: [] });
  }
  const board = weekKey(url.searchParams.get("at") ?? isoWeek(Date.now()));
  if (req.method === "GET" && url.pathname === `${program}/reports/weekly`) {
    await redis.ping();
    return send(res, 200, { weeks: [] });
  }
  if (req.method === "GET" && url.pathname === `${program}/leaderboard` && url.searchParams.get("scope") !== "team") {
    const around = url.searchParams.get("around");
    const limit = Number(url.searchParams.get("limit") ?? 100);
    const start = around ? Math.max(0, ((await redis.zrevrank(board, around)) ?? 0) - Math.floor(limit / 2) + 1) : 0;
    return send(res, 200, { entries: entries(await redis.zrevrange(board, start, start + limit - 1, "WITHSCORES"), start) });
  }
  const score = req.method === "GET" ? scorePath.exec(url.pathname) : null;
  if (score) {
    const id = decodeURIComponent(score[1]);
    const [[, points], [, rank], [, total]] = (await redis.pipeline().zscore(board, id).zrevrank(board, id).zcard(board).exec()) as [unknown, unknown][];
    return send(res, 200, { id, score: Number(points ?? 0), rank: rank === null ? null : Number(rank) + 1, of: total });
  }
  send(res, 404, { error: { code: "not_found", message: `no route for ${req.method} ${url.pathname}` } });
}

createServer((req, res) => {
  answer(req, res).catch((error: Error) => send(res, 500, { error: { code: "internal", message: error.message } }));
}).listen(port, "127.0.0.1", () => console.log("listening"));
