/**
 * "Share and embed": the embed code takes its origin from the SITE_ORIGIN setting (global-setup.ts
 * sets it), never from the request's Host header, and the program's name is escaped inside its
 * attributes, so a name holding `">` cannot break out of the code a manager pastes elsewhere.
 */
import { request } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { siteOrigin } from "../../web/src/lib/server/origin";
import { launch } from "./browser";
import { SITE_ORIGIN } from "./global-setup";

const site = inject("site");
const HOSTILE = `Evil "><img src=x onerror="window.__pwned=1"> & 'co'`;
const SLUG = `evil-name-${Date.now().toString(36)}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  // In an organisation of its own: the demo organisation's console lists its programs.
  const org = await fetch(`${site.base}/v1/orgs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${site.operatorKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ slug: `${SLUG}-org`, name: "Embedding test" }),
  });
  expect(org.status).toBe(201);
  const { adminKey } = (await org.json()) as { adminKey: string };
  const res = await fetch(`${site.base}/v1/programs/${SLUG}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${adminKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: HOSTILE, timezone: "Europe/London", visibility: "public" }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

/** GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(path: string, host: string): Promise<string> {
  const url = new URL(path, site.base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname, headers: { Host: host } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the embed code", () => {
  it("is one iframe whatever the program's name, at the configured origin", async () => {
    const context = await browser.newContext({ baseURL: site.base });
    const page = await context.newPage();
    await page.goto(`/p/${SLUG}`);
    const code = await page.getByTestId("embed-code").textContent();
    // What the code is as HTML, parsed as the other site's page would parse it.
    const parsed = await page.evaluate((html) => {
      const t = (globalThis as any).document.createElement("template");
      t.innerHTML = html;
      return [...t.content.children].map((e: any) => ({ tag: e.tagName, title: e.getAttribute("title"), src: e.getAttribute("src") }));
    }, code!);
    expect(parsed).toEqual([{ tag: "IFRAME", title: `${HOSTILE} leaderboard`, src: `${SITE_ORIGIN}/p/${SLUG}/embed` }]);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    await context.close();
  });

  it("ignores the Host header", async () => {
    const html = await getWithHost(`/p/${SLUG}`, "attacker.example");
    expect(html).toContain(`${SITE_ORIGIN}/p/${SLUG}/embed`);
    expect(html).not.toContain("attacker.example/p/");
  });
});

describe("the site's origin", () => {
  it("is the setting; without one, the request's origin on a local address only", () => {
    expect(siteOrigin("https://leadboard.example.com/any/path", new URL("http://evil.example/p/x"))).toBe("https://leadboard.example.com");
    expect(siteOrigin(undefined, new URL("http://localhost:8787/p/x"))).toBe("http://localhost:8787");
    expect(siteOrigin("", new URL("http://127.0.0.1:8787/p/x"))).toBe("http://127.0.0.1:8787");
    expect(siteOrigin(undefined, new URL("http://[::1]:8787/p/x"))).toBe("http://[::1]:8787");
    expect(siteOrigin(undefined, new URL("https://leadboard.example.com/p/x"))).toBeNull();
    expect(siteOrigin(undefined, new URL("http://localhost.evil.example/p/x"))).toBeNull();
  });
});
