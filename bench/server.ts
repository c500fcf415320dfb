/**
 * The product under test, started as `npm start` starts it (scripts/leadboard.ts): the API worker
 * as wrangler bundles it, in one workerd, on a free loopback port, over fresh state in the run's
 * work directory, with the runtime's inspector open for the heap sampler. The bundle is made once
 * a process, so a restart serves the same code whatever is edited in the tree meanwhile.
 */
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { type Leadboard, startLeadboard } from "../scripts/leadboard.ts";

export { freePort, memoryOf } from "../scripts/processes.ts";
export const REPO = join(import.meta.dirname, "..");

/**
 * Starts the product from `source` (this work tree, or another version's checkout, which gets
 * this tree's node_modules to bundle with). `restart` opens the state of an earlier start, on its
 * port, without migrating again.
 */
export function startServer(
  dir: string,
  operatorKey: string,
  heapLimitMb: number,
  source = REPO,
  restart?: Leadboard,
  withoutRateLimits = false,
): Promise<Leadboard> {
  if (!existsSync(join(source, "node_modules"))) symlinkSync(join(REPO, "node_modules"), join(source, "node_modules"));
  return startLeadboard({
    source,
    persistTo: join(dir, "state"),
    operatorKey,
    heapLimitMb,
    inspector: true,
    migrate: !restart,
    port: restart?.port,
    withoutRateLimits,
  });
}

/** Why the runtime failed during the run, or null: Miniflare restarts a crashed workerd, and the requests in flight fail. */
export function runtimeCrash(server: Leadboard, heapLimitMb: number): string | null {
  if (!server.restarted()) return null;
  return `the worker runtime crashed and was restarted${heapLimitMb > 0 ? ` (its isolates run under a V8 heap limit of ${heapLimitMb} MB: running out of it aborts the runtime)` : ""}`;
}
