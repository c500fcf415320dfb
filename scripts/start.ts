/**
 * `npm start`: the whole product on this machine, one origin. Builds the site when its sources
 * changed, applies the migrations to the local D1 (.wrangler/state), serves the site worker and
 * the API worker together in one workerd (scripts/leadboard.ts), seeds the demo once, and prints
 * the URLs, keys and the demo manager's sign-in. `npm run dev` serves the same data under
 * `wrangler dev`, with live reload.
 */
import { DEMO_SLUG } from "./demo/social-selling.ts";
import { startLeadboard } from "./leadboard.ts";
import { operatorKey as localOperatorKey, readState, setAsideOutdatedState, STATE_DIR, writeState } from "./local-state.ts";
import { createDemoManager, publishReports, seedDemo } from "./seed-demo.ts";
import { buildSite } from "./site-build.ts";

const port = Number(process.env.PORT ?? 8787);
const operatorKey = localOperatorKey();

setAsideOutdatedState();
buildSite();
console.log("Starting the site and the API (bundling the workers, applying the migrations)…");
const server = await startLeadboard({ site: true, persistTo: STATE_DIR, port, host: "localhost", operatorKey, verbose: true });
const base = server.base;
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void server.stop().then(() => process.exit(0)));
const demo = await ensureDemo();
const manager = demo?.manager;
console.log(`
Leadboard is running at ${base}

  Public board      ${base}/p/${DEMO_SLUG}
  Power 100         ${base}/p/${DEMO_SLUG}/power-100
  TV mode           ${base}/p/${DEMO_SLUG}/tv
  Seller scorecard  ${demo ? `${base}/s/${demo.sellerToken}  (participant ${demo.sellerId}'s private link)` : "(unknown)"}
  Console           ${base}/console
    e-mail          ${manager?.email ?? "(unknown: delete .wrangler/state and .leadboard to seed the demo again)"}
    password        ${manager?.password ?? "(unknown)"}

  Operator key      ${operatorKey}${process.env.OPERATOR_KEY ? "  (from OPERATOR_KEY)" : ""}
  Demo admin key    ${demo?.adminKey ?? "(unknown: delete .wrangler/state to seed the demo again)"}
  Demo ingest key   ${demo?.ingestKey ?? "(unknown)"}
  Seller token      ${demo ? `${demo.sellerToken}  (participant ${demo.sellerId})` : "(unknown)"}

  API               ${base}/v1/programs/${DEMO_SLUG}  (admin key)
  Post events       curl -X POST ${base}/v1/programs/${DEMO_SLUG}/events \\
                      -H "Authorization: Bearer ${demo?.ingestKey ?? "<ingest key>"}" -H "Content-Type: application/json" \\
                      -d '{"events":[{"id":"my-1","participant":"p-01","metric":"social-post","occurredAt":"${new Date().toISOString()}"}]}'
  New manager       npm run manager -- --org demo --email you@example.com

Press Ctrl+C to stop. Data is kept in .wrangler/state for the next start.
`);

/** The demo's keys: from the last start, or made now by seeding the demo through the API. */
async function ensureDemo() {
  const known = readState().demo;
  const check = known ? await fetch(`${base}/v1/programs/${DEMO_SLUG}`, { headers: { Authorization: `Bearer ${known.adminKey}` } }) : null;
  if (known && check?.ok) {
    if (known.manager) return known;
    // A demo seeded before the console existed: give it its manager and its Power 100 archive.
    try {
      const withManager = { ...known, manager: await createDemoManager(base, operatorKey) };
      await publishReports(base, known.adminKey, new Date(Date.now() - 9 * 7 * 86_400_000).toISOString());
      writeState({ ...readState(), demo: withManager });
      return withManager;
    } catch (error) {
      console.error(`Could not add the demo manager: ${(error as Error).message}`);
      return known;
    }
  }
  try {
    console.log("Seeding the demo program (about eight weeks of events)…");
    const { accepted, reports, ...demo } = await seedDemo(base, operatorKey);
    writeState({ ...readState(), demo });
    console.log(`Seeded ${accepted} events and ${reports} weekly Power 100 reports.`);
    return demo;
  } catch (error) {
    console.error(`Could not seed the demo: ${(error as Error).message}`);
    return null;
  }
}
