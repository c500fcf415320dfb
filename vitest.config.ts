import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { defineConfig, type Plugin, type TestProjectInlineConfiguration } from "vitest/config";

/** The engine's migrations import their SQL as text, as wrangler's Text rule bundles it (wrangler.toml). */
const sqlAsText: Plugin = {
  name: "sql-as-text",
  async load(id) {
    if (!id.endsWith(".sql")) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
};

/**
 * Worker test files that sweep every program in D1 at fixed clocks (publishEndedWeeks, runScheduled):
 * in a shared D1 they would publish other files' reports and take longer with every file before them.
 * Each runs in a runtime (workerd, D1, engines) of its own; every other worker test file shares one
 * runtime per vitest worker, so it must not assume an empty database (docs/testing.md).
 */
const ISOLATED = ["test/worker/scheduled.test.ts", "test/worker/game-webhooks.test.ts", "test/worker/insights-changes.test.ts"];

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  /** A project of API and engine tests inside workerd; `isolate: false` runs its files one after another in one runtime. */
  const worker = (name: string, test: { include: string[]; exclude?: string[]; isolate?: boolean }): TestProjectInlineConfiguration => ({
    plugins: [
      sqlAsText,
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            OPERATOR_KEY: "test-operator-key",
            RECEIVER_URL: inject("receiverUrl"),
            // The local receiver is plain http on 127.0.0.1: allowed by the operator's settings (worker/webhooks/destination.ts).
            ALLOW_HTTP_WEBHOOKS: "true",
            WEBHOOK_ALLOWED_HOSTS: new URL(inject("receiverUrl")).host,
          },
        },
      })),
    ],
    test: {
      name,
      ...test,
      setupFiles: ["test/worker/setup.ts"],
      globalSetup: ["test/receiver/global-setup.ts"],
    },
  });
  return {
    test: {
      // At least two at once, also on 2 cores: much of a worker test file's time is spent waiting on workerd.
      maxWorkers: Math.max(2, availableParallelism() - 1),
      projects: [
        {
          test: {
            name: "scoring",
            include: ["test/scoring/**/*.test.ts"],
            environment: "node",
          },
        },
        worker("worker", { include: ["test/worker/**/*.test.ts"], exclude: ISOLATED, isolate: false }),
        worker("worker-isolated", { include: ISOLATED }),
        {
          test: {
            // Browser tests (playwright-core driving Debian's chromium) against the running product.
            name: "site",
            include: ["test/site/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/site/global-setup.ts"],
            // One file at a time, after the other projects: the files share the seeded demo program and change it.
            maxWorkers: 1,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
