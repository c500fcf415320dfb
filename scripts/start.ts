/**
 * `npm start`: the whole product on this machine. Applies the migrations to the local D1, serves
 * the worker with `wrangler dev`, seeds the demo once, and prints the URLs and keys.
 */
import { spawn, spawnSync } from "node:child_process";
import { DEMO_SLUG } from "./demo/social-selling.ts";
import { generateOperatorKey, readState, writeState } from "./local-state.ts";
import { seedDemo } from "./seed-demo.ts";

const port = Number(process.env.PORT ?? 8787);
const base = `http://localhost:${port}`;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

const state = readState();
const operatorKey = process.env.OPERATOR_KEY ?? state.operatorKey ?? generateOperatorKey();
if (!process.env.OPERATOR_KEY && !state.operatorKey) writeState({ ...state, operatorKey });

const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local"], {
  stdio: "inherit",
  env: { ...env, CI: "true" },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const server = spawn(
  "wrangler",
  ["dev", "--port", String(port), "--var", `OPERATOR_KEY:${operatorKey}`, "--show-interactive-dev-session=false"],
  { stdio: ["ignore", "inherit", "inherit"], env },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

await waitForServer();
const demo = await ensureDemo();
console.log(`
Leadboard is running at ${base}

  Operator key      ${operatorKey}${process.env.OPERATOR_KEY ? "  (from OPERATOR_KEY)" : ""}
  Demo admin key    ${demo?.adminKey ?? "(unknown: delete .wrangler/state to seed the demo again)"}
  Demo ingest key   ${demo?.ingestKey ?? "(unknown)"}
  Seller token      ${demo ? `${demo.sellerToken}  (participant ${demo.sellerId})` : "(unknown)"}

  Program           ${base}/v1/programs/${DEMO_SLUG}  (admin key)
  Post events       curl -X POST ${base}/v1/programs/${DEMO_SLUG}/events \\
                      -H "Authorization: Bearer ${demo?.ingestKey ?? "<ingest key>"}" -H "Content-Type: application/json" \\
                      -d '{"events":[{"id":"my-1","participant":"p-01","metric":"social-post","occurredAt":"${new Date().toISOString()}"}]}'

Press Ctrl+C to stop. Data is kept in .wrangler/state for the next start.
`);

async function waitForServer() {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(`${base}/v1`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the server did not answer at ${base}`);
}

/** The demo's keys: from the last start, or made now by seeding the demo through the API. */
async function ensureDemo() {
  const known = readState().demo;
  const check = known
    ? await fetch(`${base}/v1/programs/${DEMO_SLUG}`, { headers: { Authorization: `Bearer ${known.adminKey}` } })
    : null;
  if (known && check?.ok) return known;
  try {
    console.log("Seeding the demo program (about eight weeks of events)…");
    const { accepted, ...demo } = await seedDemo(base, operatorKey);
    writeState({ ...readState(), demo });
    console.log(`Seeded ${accepted} events.`);
    return demo;
  } catch (error) {
    console.error(`Could not seed the demo: ${(error as Error).message}`);
    return null;
  }
}
