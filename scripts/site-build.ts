/** The site (web/, SvelteKit with the Cloudflare adapter), built by Vite when its sources changed since the last build. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT, toolEnv } from "./bundle.ts";

const WEB = path.join(ROOT, "web");
const BUILT = path.join(WEB, ".svelte-kit", "cloudflare", "_worker.js");

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (max, name) => (name.startsWith(".") || name === "node_modules" ? max : Math.max(max, newestMtime(path.join(entry, name)))),
    stat.mtimeMs,
  );
}

/** Whether the built site is older than its sources (web/ and the scoring helpers it imports). */
export function siteIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  const sources = [
    path.join(WEB, "src"),
    path.join(WEB, "static"),
    path.join(WEB, "svelte.config.js"),
    path.join(WEB, "vite.config.ts"),
    path.join(WEB, "wrangler.toml"),
    path.join(ROOT, "scoring"),
    path.join(ROOT, "package-lock.json"),
  ];
  return sources.some((s) => newestMtime(s) > built);
}

/** Builds the site with Vite and the Cloudflare adapter, when it is stale or `force`. */
export function buildSite({ force = false, quiet = false } = {}): void {
  if (!force && !siteIsStale()) return;
  if (!quiet) console.log("Building the site (web/)…");
  const result = spawnSync("vite", ["build", "--logLevel", quiet ? "error" : "warn"], { cwd: WEB, stdio: quiet ? "pipe" : "inherit", env: toolEnv() });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? "");
    throw new Error("the site did not build (see above)");
  }
}
