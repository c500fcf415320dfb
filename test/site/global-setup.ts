/**
 * The browser tests run against the real product: the site built from web/, and site and API
 * served together as `npm start` serves them (scripts/leadboard.ts) on a free port, with a fresh
 * local D1 and fresh program engines in a temporary directory, seeded by the same demo seed as
 * `npm start`. Torn down after the tests.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startLeadboard } from "../../scripts/leadboard.ts";
import { seedDemo } from "../../scripts/seed-demo.ts";
import { buildSite } from "../../scripts/site-build.ts";

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
  const operatorKey = `lbo_test_${randomBytes(16).toString("hex")}`;
  // localhost, as npm start: the site treats http://localhost as a secure context for its cookies.
  const server = await startLeadboard({ site: true, persistTo, host: "localhost", operatorKey, siteVars: { SITE_ORIGIN } }).catch((error: Error) => {
    rmSync(persistTo, { recursive: true, force: true });
    throw new Error(`could not start the product for the browser tests: ${error.message}`);
  });
  const stop = async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    const { accepted: _a, reports: _r, ...demo } = await seedDemo(server.base, operatorKey);
    project.provide("site", { base: server.base, operatorKey, ...demo });
  } catch (error) {
    await stop();
    throw new Error(`could not seed the demo for the browser tests: ${(error as Error).message}\n${server.output()}`);
  }
  return stop;
}
