/**
 * `npm run dev`: site and API under `wrangler dev`, which rebuilds and reloads the API worker when
 * its sources change (the site is rebuilt only at start). It serves the same data as `npm start`
 * (.wrangler/state) and the same operator key, but is slower per request: wrangler dev puts a
 * proxy in front of the workers (see scripts/leadboard.ts). `wrangler dev` gives `--var` settings
 * only to the first config's worker, so the operator key goes to .dev.vars (git-ignored), which
 * the API worker reads.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, toolEnv } from "./bundle.ts";
import { forgetClearedCounters, migrateD1 } from "./leadboard.ts";
import { operatorKey, setAsideOutdatedState, STATE_DIR } from "./local-state.ts";
import { buildSite } from "./site-build.ts";

const DEV_VARS = path.join(ROOT, ".dev.vars");
const port = Number(process.env.PORT ?? 8787);

/** Sets OPERATOR_KEY in .dev.vars, keeping any other lines. */
function setOperatorKey(key: string): void {
  const before = existsSync(DEV_VARS)
    ? readFileSync(DEV_VARS, "utf8")
    : "# Local settings of the API worker (wrangler dev). Written by npm run dev; git-ignored.\n";
  const lines = before.split("\n").filter((l) => !/^\s*OPERATOR_KEY\s*=/.test(l));
  while (lines.length && lines.at(-1) === "") lines.pop();
  writeFileSync(DEV_VARS, `${[...lines, `OPERATOR_KEY=${JSON.stringify(key)}`].join("\n")}\n`, { mode: 0o600 });
}

const key = operatorKey();
setAsideOutdatedState();
forgetClearedCounters(STATE_DIR);
buildSite();
await migrateD1(STATE_DIR);
setOperatorKey(key);
console.log(`Operator key ${key}${process.env.OPERATOR_KEY ? " (from OPERATOR_KEY)" : ""}; npm start seeds the demo and prints its keys.`);
// The site's config first, so it takes the port; its service binding reaches the API's worker.
const child = spawn(
  "wrangler",
  ["dev", "-c", "web/wrangler.toml", "-c", "wrangler.toml", "--port", String(port), "--persist-to", STATE_DIR, "--show-interactive-dev-session=false"],
  { cwd: ROOT, stdio: "inherit", env: toolEnv() },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
