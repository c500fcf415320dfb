/**
 * The API reference (/docs/api) in a real browser: built from the OpenAPI document the API serves,
 * it lists each operation with its fields and examples, at desktop and phone widths, and the
 * footer links to it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

const site = inject("site");
const SCREENSHOTS = path.resolve("test-results", "screenshots");
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the API reference", () => {
  it("lists POST /v1/programs/{program}/events with its fields and an example, on desktop and phone", async () => {
    const spec = (await (await fetch(`${site.base}/v1/openapi.json`)).json()) as { paths: Record<string, object> };
    // The document the page was built from, beside the screenshots.
    writeFileSync(path.join(SCREENSHOTS, "..", "openapi.json"), JSON.stringify(spec, null, 2));
    const operations = Object.values(spec.paths).reduce<number>((n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);

    for (const [viewport, name] of [
      [{ width: 1280, height: 900 }, "desktop"],
      [{ width: 390, height: 844 }, "phone"],
    ] as const) {
      const context = await browser.newContext({ viewport, baseURL: site.base });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto("/");
      await page.getByRole("contentinfo").getByRole("link", { name: "API reference" }).click();
      await page.waitForURL(/\/docs\/api$/);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("API reference");
      await page.screenshot({ path: path.join(SCREENSHOTS, `api-docs-top-${name}.png`) });
      // Every operation of the document, each under its heading.
      expect(await page.locator("article.endpoint").count()).toBe(operations);

      const events = page.getByRole("article", { name: "POST /v1/programs/{program}/events" });
      await expect(events.count()).resolves.toBe(1);
      expect(await events.textContent()).toMatch(/Credential:/);
      // The path parameter, and the request body's fields: the batch and each event's.
      const fields = (await events.locator("table.fields code.name").allTextContents()).map((t) => t.trim());
      expect(fields).toEqual(expect.arrayContaining(["program", "events"]));
      expect(fields.some((f) => f.startsWith("events[]."))).toBe(true);
      // The answer's fields, and examples of the request and the answer as JSON.
      expect(fields).toEqual(expect.arrayContaining(["accepted", "duplicates", "rejected"]));
      const request = events.getByLabel("Request example of POST /v1/programs/{program}/events").first();
      expect(JSON.parse((await request.textContent())!)).toHaveProperty("events");
      expect(await events.getByLabel("Answer example of POST /v1/programs/{program}/events").count()).toBeGreaterThan(0);

      // The resources' contents link to their sections; the error codes are listed once.
      await page.getByRole("navigation", { name: "Resources" }).getByRole("link", { name: "Error codes" }).click();
      await page.waitForURL(/#errors$/);
      expect(await page.locator("#errors ~ .table-wrap tr", { hasText: "week_not_ended" }).locator("td").allTextContents()).toEqual([
        "week_not_ended",
        "409",
        expect.stringMatching(/not ended/),
      ]);

      // Nothing wider than a phone's screen: wide tables and examples scroll inside their boxes.
      const overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      expect(overflow).toBeLessThanOrEqual(0);
      await events.screenshot({ path: path.join(SCREENSHOTS, `api-docs-events-${name}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
