/**
 * Running the whole product locally, shared by `npm start` and the browser tests: build the site
 * when its sources changed, apply the migrations, and serve site and API as one origin with one
 * `wrangler dev` (the site's config first, so it takes the port; the API's second).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WEB = path.join(ROOT, "web");
const BUILT = path.join(WEB, ".svelte-kit", "cloudflare", "_worker.js");
const DEV_VARS = path.join(ROOT, ".dev.vars");

const baseEnv = () => ({ ...process.env, WRANGLER_SEND_METRICS: "false", PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` });

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => (name.startsWith(".") || name === "node_modules" ? max : Math.max(max, newestMtime(path.join(entry, name)))), stat.mtimeMs);
}

/** Whether the built site is older than its sources (web/ and the scoring helpers it imports). */
export function siteIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  const sources = [path.join(WEB, "src"), path.join(WEB, "static"), path.join(WEB, "svelte.config.js"), path.join(WEB, "vite.config.ts"), path.join(WEB, "wrangler.toml"), path.join(ROOT, "scoring"), path.join(ROOT, "package-lock.json")];
  return sources.some((s) => newestMtime(s) > built);
}

/** Builds the site (web/) with Vite and the Cloudflare adapter, when it is stale or `force`. */
export function buildSite({ force = false, quiet = false } = {}): void {
  if (!force && !siteIsStale()) return;
  if (!quiet) console.log("Building the site (web/)…");
  const result = spawnSync("vite", ["build", "--logLevel", quiet ? "error" : "warn"], { cwd: WEB, stdio: quiet ? "pipe" : "inherit", env: baseEnv() });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? "");
    throw new Error("the site did not build (see above)");
  }
}

/**
 * The API worker reads its local settings from .dev.vars beside wrangler.toml (wrangler dev gives
 * `--var` only to the first config's worker). Sets OPERATOR_KEY there, keeping any other lines;
 * answers a function that restores the file as it was.
 */
export function setOperatorKey(key: string): () => void {
  const before = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, "utf8") : null;
  const lines = (before ?? "# Local settings of the API worker (wrangler dev). Written by npm start; git-ignored.\n")
    .split("\n")
    .filter((l) => !/^\s*OPERATOR_KEY\s*=/.test(l));
  while (lines.length && lines.at(-1) === "") lines.pop();
  writeFileSync(DEV_VARS, `${[...lines, `OPERATOR_KEY=${JSON.stringify(key)}`].join("\n")}\n`, { mode: 0o600 });
  return () => {
    if (before === null) unlinkSync(DEV_VARS);
    else writeFileSync(DEV_VARS, before, { mode: 0o600 });
  };
}

/** The operator key .dev.vars holds, if any. */
export function operatorKeyInDevVars(): string | null {
  if (!existsSync(DEV_VARS)) return null;
  const line = readFileSync(DEV_VARS, "utf8").split("\n").find((l) => /^\s*OPERATOR_KEY\s*=/.test(l));
  if (!line) return null;
  const value = line.split("=").slice(1).join("=").trim();
  return value.startsWith('"') ? JSON.parse(value) : value;
}

/** Applies the migrations to the local D1 in `persistTo` (wrangler's default, .wrangler/state, when not given). */
export function migrate(persistTo?: string, quiet = false): void {
  const args = ["d1", "migrations", "apply", "DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
  const result = spawnSync("wrangler", args, { cwd: ROOT, stdio: quiet ? "pipe" : "inherit", env: { ...baseEnv(), CI: "true" } });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error("the migrations did not apply");
  }
}

/**
 * Serves site and API on `port`: `wrangler dev -c web/wrangler.toml -c wrangler.toml`. The data
 * lives in `persistTo` (.wrangler/state by default: without it wrangler would keep it beside the
 * first config, in web/).
 */
export function serve(
  port: number,
  { persistTo = path.join(ROOT, ".wrangler", "state"), quiet = false, detached = false, siteVars = {} as Record<string, string> } = {},
): ChildProcess {
  // `--var` reaches the first config's worker only: the site's (e.g. SITE_ORIGIN).
  const vars = Object.entries(siteVars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  return spawn(
    "wrangler",
    ["dev", "-c", "web/wrangler.toml", "-c", "wrangler.toml", "--port", String(port), "--persist-to", persistTo, "--show-interactive-dev-session=false", "--log-level", quiet ? "error" : "info", ...vars],
    { cwd: ROOT, stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"], env: baseEnv(), detached },
  );
}

/** Waits until the API answers through the site's origin. */
export async function waitForServer(base: string, child?: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/v1/public-programs`);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${base}`);
}
