/**
 * A worker as `wrangler deploy` would ship it, for Miniflare: bundled by
 * `wrangler deploy --dry-run --outdir` (esbuild, with the config's module rules, so .sql files
 * arrive as Text modules), and its bindings read from the same config by wrangler itself
 * (`unstable_getMiniflareWorkerOptions`), so wrangler.toml stays the one place they are declared.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Unstable_MiniflareWorkerOptions } from "wrangler";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The environment of the tools run here: node_modules/.bin first (Node 22 with it), no metrics sent. */
export const toolEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
  ...extra,
});

/** Runs a command of node_modules/.bin without prompts (CI); rejects with its output when it fails. */
export function runTool(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", command), args, {
      cwd,
      env: toolEnv({ CI: "true", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output}`))));
  });
}

type WorkerOptions = Unstable_MiniflareWorkerOptions["workerOptions"];
type ModuleRule = NonNullable<WorkerOptions["modulesRules"]>[number];

export interface BundledWorker {
  /** The bundle's modules, the entry first, typed by the config's module rules (Miniflare takes them listed). */
  modules: { type: ModuleRule["type"]; path: string }[];
  /** The folder that holds them: module names are relative to it. */
  modulesRoot: string;
  /** The config's bindings and compatibility settings, as Miniflare options. */
  options: Omit<WorkerOptions, "modulesRules">;
}

const outdirs: string[] = [];
process.on("exit", () => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// One bundle per config and process: a restart (the crash check, the bench's rebuild) serves the
// code it served before, whatever is edited in the tree meanwhile.
const built = new Map<string, Promise<BundledWorker>>();

/** The worker of `configPath` (a wrangler.toml), bundled once per process. */
export function bundleWorker(configPath: string): Promise<BundledWorker> {
  const key = path.resolve(configPath);
  let bundle = built.get(key);
  if (!bundle) {
    bundle = bundle_(key);
    built.set(key, bundle);
    bundle.catch(() => built.delete(key));
  }
  return bundle;
}

async function bundle_(configPath: string): Promise<BundledWorker> {
  const outdir = mkdtempSync(path.join(tmpdir(), "leadboard-bundle-"));
  outdirs.push(outdir);
  const configDir = path.dirname(configPath);
  await runTool("wrangler", ["deploy", "--dry-run", "--outdir", outdir, "-c", configPath], configDir);
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  // Quiet: wrangler would announce the .dev.vars it reads.
  const level = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "warn";
  try {
    const { workerOptions, main } = unstable_getMiniflareWorkerOptions(configPath);
    if (!main) throw new Error(`${configPath} names no main module`);
    const { modulesRules: rules = [], ...options } = workerOptions;
    const entry = `${path.basename(main, path.extname(main))}.js`;
    const others = readdirSync(outdir, { recursive: true, encoding: "utf8" }).filter((f) => f !== entry && !f.endsWith(".map") && f !== "README.md");
    const modules = [{ type: "ESModule" as const, path: path.join(outdir, entry) }];
    for (const file of others) {
      const rule = rules.find((r) => r.include.some((glob) => globRegExp(glob).test(file)));
      if (rule) modules.push({ type: rule.type, path: path.join(outdir, file) } as (typeof modules)[0]);
      else if (/\.m?js$/.test(file)) modules.push({ type: "ESModule", path: path.join(outdir, file) });
    }
    return { modules, modulesRoot: outdir, options };
  } finally {
    if (level === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = level;
  }
}

/** A module rule's glob (`**\/*.sql`) as a regular expression over a path relative to the bundle. */
function globRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === "**/" ? "(?:.*/)?" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}
