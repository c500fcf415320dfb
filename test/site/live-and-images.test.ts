/**
 * Boards that update themselves without a reload, and the PNG images the site draws: link
 * previews (og:image) of boards, Power 100 weeks and badges, and the PNG badge.
 */
import { inflateSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encodePng } from "../../web/src/lib/server/png/encode";
import { heatColours, contrast } from "../../web/src/lib/heat";
import { plainProblem } from "../../web/src/lib/plain";
import { launch, screenshot, watchErrors } from "./browser";
import { SITE_ORIGIN } from "./global-setup";
import { api, privateWorld, signInAs, type PrivateWorld } from "./world";

const site = inject("site");
let browser: Browser;
let w: PrivateWorld;

beforeAll(async () => {
  [browser, w] = await Promise.all([launch(), privateWorld("live")]);
});
afterAll(async () => {
  await browser?.close();
});

/** A PNG's size, palette and pixels (8-bit palette images, filter 0, as encodePng writes them). */
function decodePng(bytes: Uint8Array) {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Record<string, Uint8Array> = {};
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    chunks[type] = bytes.subarray(at + 8, at + 8 + length);
    at += 12 + length;
  }
  const header = new DataView(chunks.IHDR.buffer, chunks.IHDR.byteOffset);
  const width = header.getUint32(0);
  const height = header.getUint32(4);
  const raw = inflateSync(chunks.IDAT);
  expect(raw.length).toBe((width + 1) * height);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  return { width, height, colours: chunks.PLTE.length / 3, pixels };
}

async function image(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/png");
  return decodePng(new Uint8Array(await res.arrayBuffer()));
}

/** A page's og:image: an address at the configured SITE_ORIGIN, answered here at the test server's own address. */
const ogImageOf = async (path: string) => {
  const html = await (await fetch(`${site.base}${path}`)).text();
  const url = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, "&");
  expect(url?.startsWith(`${SITE_ORIGIN}/`), url).toBe(true);
  return url && `${site.base}${url.slice(SITE_ORIGIN.length)}`;
};

describe("live boards", () => {
  it("the board updates after an event is posted, without a reload", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: site.base });
    await signInAs(context, w.manager);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`/p/${w.slug}?refresh=2`);
    const top = page.locator("table.board tbody tr").first().locator("td.name");
    expect(await top.textContent()).toBe("Seller 01");
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const posted = await api("POST", `/v1/programs/${w.slug}/events`, w.adminKey, {
      events: [{ id: "live-1", participant: "s-60", metric: "calls", occurredAt: new Date(Date.now() - 30_000).toISOString(), value: 500 }],
    });
    expect(posted.body.accepted).toBe(1);
    await page.waitForFunction(() => (globalThis as any).document.querySelector("table.board tbody tr td.name")?.textContent === "Seller 60", null, {
      timeout: 15_000,
    });
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    await screenshot(page, "board-live-updated");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("link previews and the PNG badge", () => {
  it("a board's og:image is a 1200 × 630 PNG", async () => {
    const url = await ogImageOf("/p/social-selling?scope=team&period=month");
    expect(url).toMatch(/\/p\/social-selling\/og\/board\.png\?scope=team&period=month/);
    const png = await image(url!);
    expect([png.width, png.height]).toEqual([1200, 630]);
    expect(new Set(png.pixels).size, "drawn: more than a background").toBeGreaterThan(3);
  });

  it("a Power 100 week's and a badge page's og:image are PNGs too", async () => {
    const power = await ogImageOf("/p/social-selling/power-100");
    expect(power).toMatch(/\/og\/power-100\/\d{4}-W\d{2}\.png$/);
    expect((await image(power!)).width).toBe(1200);
    const badgePage = await ogImageOf(`/p/social-selling/badge/${site.sellerId}`);
    expect(badgePage).toMatch(new RegExp(`/og/badge/${site.sellerId}\\.png$`));
    expect((await image(badgePage!)).height).toBe(630);
  });

  it("the PNG badge draws the badge's words, and the SVG badge stays", async () => {
    const png = await image(`${site.base}/p/social-selling/badge/${site.sellerId}.png`);
    // Two lines and, for the demo's seller who has a level and badges, the game's row under them.
    expect(png.height).toBe(176);
    expect(png.width).toBeGreaterThanOrEqual(640);
    const svg = await fetch(`${site.base}/p/social-selling/badge/${site.sellerId}.svg`);
    expect(svg.headers.get("content-type")).toMatch(/image\/svg\+xml/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: site.base });
    const page = await context.newPage();
    await page.goto(`/p/social-selling/badge/${site.sellerId}`);
    expect(await page.getByLabel(/Image for LinkedIn/).inputValue()).toMatch(/\/badge\/p-01\.png$/);
    await screenshot(page, "badge-page");
    await context.close();
  });
});

describe("drawing and wording helpers", () => {
  it("encodePng round-trips its pixels", async () => {
    const pixels = new Uint8Array([0, 1, 2, 2, 1, 0]);
    const png = decodePng(await encodePng(3, 2, [0x000000, 0xff0000, 0x00ff00], pixels));
    expect([png.width, png.height, png.colours]).toEqual([3, 2, 3]);
    expect([...png.pixels]).toEqual([...pixels]);
  });

  it("heat-map text passes AA on every shade", () => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    for (let v = 0; v <= 100; v++) {
      const { background, color } = heatColours(v, 100);
      expect(contrast(rgb(background), rgb(color)), `${v}%`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("API field problems read as plain sentences, never patterns or zod's words", () => {
    expect(plainProblem("slug", "must match ^[a-z0-9][a-z0-9-]{0,63}$")).toBe(
      "Use lower-case letters, digits and dashes, starting with a letter or a digit (at most 64).",
    );
    expect(plainProblem("metrics[0].key", "must match ^[a-z0-9][a-z0-9_.-]{0,63}$")).toMatch(/^Use lower-case letters/);
    expect(plainProblem("metrics[0].points", "Invalid input: expected number, received string")).toBe("Enter a number.");
    expect(plainProblem("name", "Invalid input: expected string, received undefined")).toBe("Enter a name.");
    expect(plainProblem("metrics[1].aggregation", 'Invalid option: expected one of "count"|"sum"')).toBe("Choose one of the options offered.");
    expect(plainProblem("participants[1].team", 'no team "nowhere" in this program')).toBe('There is no team "nowhere" in this program.');
    expect(plainProblem("metrics[0].points", "must be at least 0")).toBe("Must be at least 0.");
  });
});
