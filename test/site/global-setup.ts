/**
 * The browser tests run against the real product: the site built from web/, and site and API
 * served together by one `wrangler dev` on a free port, with a fresh local D1 in a temporary
 * directory, seeded by the same demo seed as `npm start`. Torn down after the tests.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildSite, migrate, operatorKeyInDevVars, serve, setOperatorKey, waitForServer } from "../../scripts/product.ts";
import { freePort } from "../../scripts/local-server.ts";
import { seedDemo } from "../../scripts/seed-demo.ts";

/** The site's configured public origin under test: embed code and private links use it, never the request's Host. */
export const SITE_ORIGIN = "https://leadboard.example";

export interface SiteContext {
  base: string;
  operatorKey: string;
  adminKey: string;
  ingestKey: string;
  sellerId: string;
  sellerToken: string;
  manager: { email: string; password: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    site: SiteContext;
  }
}

export default async function setup(project: TestProject) {
  buildSite({ quiet: true });
  const persistTo = mkdtempSync(path.join(tmpdir(), "leadboard-site-"));
  // The API worker reads OPERATOR_KEY from .dev.vars: use the one there, or put one there for the run.
  const existing = operatorKeyInDevVars();
  const operatorKey = existing ?? `lbo_test_${randomBytes(16).toString("hex")}`;
  const restoreDevVars = existing ? () => {} : setOperatorKey(operatorKey);
  migrate(persistTo, true);
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server = serve(port, { persistTo, quiet: true, detached: true, siteVars: { SITE_ORIGIN } });
  let log = "";
  server.stdout?.on("data", (d) => (log = (log + d).slice(-20_000)));
  server.stderr?.on("data", (d) => (log = (log + d).slice(-20_000)));

  const stop = async () => {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((r) => server.once("exit", r));
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        server.kill("SIGTERM");
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) {
        try {
          process.kill(-server.pid, "SIGKILL");
        } catch {
          // gone already
        }
      }
    }
    restoreDevVars();
    rmSync(persistTo, { recursive: true, force: true });
  };

  try {
    await waitForServer(base, server);
    const { accepted: _a, reports: _r, ...demo } = await seedDemo(base, operatorKey);
    project.provide("site", { base, operatorKey, ...demo });
  } catch (error) {
    await stop();
    throw new Error(`could not start the product for the browser tests: ${(error as Error).message}\n${log}`);
  }
  return stop;
}
