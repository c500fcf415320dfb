/**
 * `npm run bench:floor [-- --requests N --rounds R --out FILE]`: the empty-request floor before and
 * after the product moved from `wrangler dev` to the Miniflare class (scripts/leadboard.ts). Both
 * serve this tree's API worker at once, each over state of its own: `wrangler dev -c wrangler.toml`
 * as the bench ran it before (log level warn, local observability off) and startLeadboard. A 404
 * outside the API (no D1, no engine) is asked of each with one client and with 8, in rounds that
 * alternate which goes first, so both meet the same moments of a shared machine. Prints requests/s,
 * p50 and p99 of each and their ratios, and records them under "floor" in bench/results.json.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { toolEnv } from "../scripts/bundle.ts";
import { startLeadboard } from "../scripts/leadboard.ts";
import { log } from "./context.ts";
import { http, percentile, round } from "./load.ts";
import { freePort, REPO } from "./server.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
    out: { type: "string", default: join(REPO, "bench", "results.json") },
  },
});
const [requests, rounds] = [Number(args.requests), Number(args.rounds)];
const CLIENTS = [1, 8];
const PATH = "/no-such-page";

/** The API alone under `wrangler dev`, as the bench started it before; answers its base URL once it answers. */
async function startWranglerDev(dir: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const inspector = await freePort();
  const argv = [
    "dev",
    "-c",
    "wrangler.toml",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspector),
    "--persist-to",
    dir,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ];
  // detached: its own process group, so wrangler and the workerd processes it starts end together.
  const child = spawn(join(REPO, "node_modules", ".bin", "wrangler"), argv, {
    cwd: REPO,
    env: toolEnv({ X_LOCAL_OBSERVABILITY: "false" }),
    stdio: "ignore",
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 180_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    if ((await http(base, "GET", PATH, null).catch(() => null))?.status === 404) return { base, child };
  }
  throw new Error("wrangler dev did not answer");
}

/** `count` requests from `clients` clients in a closed loop: their latencies and the seconds taken. */
async function cell(base: string, clients: number, count: number) {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < count) {
        const r = await http(base, "GET", PATH, null);
        if (r.status !== 404) throw new Error(`${base}${PATH}: ${r.status}`);
        samples.push(r.ms);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

const dir = mkdtempSync(join(os.tmpdir(), "leadboard-floor-"));
let wrangler: ChildProcess | null = null;
const killWrangler = () => {
  if (wrangler?.pid && wrangler.exitCode === null) process.kill(-wrangler.pid, "SIGKILL");
};
process.on("exit", killWrangler);
try {
  log("starting wrangler dev and Miniflare…");
  const [before, after] = await Promise.all([
    startWranglerDev(join(dir, "wrangler")),
    startLeadboard({ persistTo: join(dir, "miniflare"), operatorKey: "floor-only", migrate: false }),
  ]);
  wrangler = before.child;
  const servers = [
    { name: "wrangler dev", base: before.base },
    { name: "Miniflare", base: after.base },
  ];
  const kept = new Map<string, { samples: number[]; seconds: number }>();
  for (const s of servers) for (const clients of CLIENTS) await cell(s.base, clients, 200); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const clients of CLIENTS) {
      for (const s of round % 2 ? [...servers].reverse() : servers) {
        const { samples, seconds } = await cell(s.base, clients, requests);
        const key = `${s.name}|${clients}`;
        const sum = kept.get(key) ?? { samples: [], seconds: 0 };
        kept.set(key, { samples: [...sum.samples, ...samples], seconds: sum.seconds + seconds });
      }
    }
    log(`round ${round + 1} of ${rounds} done`);
  }
  await after.stop();

  const figures = (name: string, clients: number) => {
    const { samples, seconds } = kept.get(`${name}|${clients}`)!;
    const sorted = [...samples].sort((a, b) => a - b);
    return { per_s: round(samples.length / seconds, 0), p50_ms: round(percentile(sorted, 50), 2), p99_ms: round(percentile(sorted, 99), 2) };
  };
  const result: Record<string, unknown> = {
    measured_at: new Date().toISOString(),
    path: PATH,
    requests_per_cell: requests * rounds,
    load_average: os.loadavg().map((x) => round(x, 2)),
  };
  console.log(
    `\nA 404 outside the API, ${requests * rounds} requests a cell in ${rounds} interleaved rounds; ratios: Miniflare's speed-up over wrangler dev\n`,
  );
  const rows = [["clients", "wrangler dev: req/s, p50, p99", "Miniflare: req/s, p50, p99", "req/s ×", "p50 ÷", "p99 ÷"]];
  for (const clients of CLIENTS) {
    const [b, a] = [figures("wrangler dev", clients), figures("Miniflare", clients)];
    const ratios = { per_s: round(a.per_s / b.per_s, 2), p50: round(b.p50_ms / a.p50_ms, 2), p99: round(b.p99_ms / a.p99_ms, 2) };
    result[`clients_${clients}`] = { wrangler_dev: b, miniflare: a, speedup: ratios };
    rows.push([
      String(clients),
      `${b.per_s} /s, ${b.p50_ms} ms, ${b.p99_ms} ms`,
      `${a.per_s} /s, ${a.p50_ms} ms, ${a.p99_ms} ms`,
      `${ratios.per_s}`,
      `${ratios.p50}`,
      `${ratios.p99}`,
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((x, c) => x.padStart(widths[c])).join("  "));
  const all = existsSync(args.out!) ? JSON.parse(readFileSync(args.out!, "utf8")) : {};
  all.floor = result;
  writeFileSync(args.out!, `${JSON.stringify(all, null, 2)}\n`);
  log(`written to ${args.out} under "floor"`);
} finally {
  killWrangler();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
