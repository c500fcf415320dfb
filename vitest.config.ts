import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { readFile } from "node:fs/promises";
import { defineConfig, type Plugin } from "vitest/config";

/** The engine's migrations import their SQL as text, as wrangler's Text rule bundles it (wrangler.toml). */
const sqlAsText: Plugin = {
  name: "sql-as-text",
  async load(id) {
    if (!id.endsWith(".sql")) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
      projects: [
        {
          test: {
            name: "scoring",
            include: ["test/scoring/**/*.test.ts"],
            environment: "node",
          },
        },
        {
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
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["test/worker/setup.ts"],
            globalSetup: ["test/receiver/global-setup.ts"],
          },
        },
        {
          test: {
            // Browser tests (playwright-core driving Debian's chromium) against the running product.
            name: "site",
            include: ["test/site/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/site/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
