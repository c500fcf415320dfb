/**
 * A private program's boards in a real browser: its managers and its sellers see them (the
 * seller's own row marked, in view and focused), anonymous visitors and other organisations'
 * managers do not.
 */
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, screenshot, watchErrors, openPrivateLink } from "./browser";
import { privateWorld, signInAs, type PrivateWorld } from "./world";

const site = inject("site");
let browser: Browser;
let w: PrivateWorld;

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, baseURL: site.base });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Waits until the row has the focus, then says whether it is wholly within the window. */
async function focusedAndInView(row: Locator): Promise<boolean> {
  await row.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const check = () => ((el.ownerDocument as any).activeElement === el ? resolve() : setTimeout(check, 50));
        check();
      }),
  );
  return row.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= (el.ownerDocument as any).defaultView.innerHeight;
  });
}

beforeAll(async () => {
  [browser, w] = await Promise.all([launch(), privateWorld("acme")]);
});
afterAll(async () => {
  await browser?.close();
});

describe("a private program's board", () => {
  it("shows to a seller's private link, their row pinned, marked, focused and in view", async () => {
    for (const [viewport, name] of [
      [DESKTOP, "desktop"],
      [PHONE, "phone"],
    ] as const) {
      const { context, page, errors } = await newPage(viewport);
      await openPrivateLink(page, w.seller.token);
      // s-54 has 7 points, s-55 has 6.
      expect(await page.getByTestId("next-up").textContent()).toBe("1 point to pass #54");

      // On the board without asking: the seller is 55th, below the first page, so their row is pinned after it.
      await page.goto(`/p/${w.slug}`);
      expect(await page.locator("table.board tbody:not(.pinned) tr").count()).toBe(50);
      const pinned = page.locator('table.board tbody.pinned tr[aria-current="true"]');
      expect(await pinned.getAttribute("data-id")).toBe(w.seller.id);
      expect(await pinned.locator("td.name").textContent()).toBe(w.seller.name);
      expect(await focusedAndInView(pinned)).toBe(true);
      await screenshot(page, `private-board-seller-${name}`);

      // "See me on the board": the page around them, their row marked and brought into view.
      await page.goto("/me");
      await page.getByRole("link", { name: "See me on the board" }).click();
      await page.waitForURL(/find=s-55/);
      const row = page.locator('table.board tr[aria-current="true"]');
      expect(await row.getAttribute("data-id")).toBe(w.seller.id);
      expect(await focusedAndInView(row)).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("shows to a signed-in manager of the organisation: board, find me, console view, TV and badges", async () => {
    const { context, page, errors } = await newPage();
    await signInAs(context, w.manager);
    await page.goto(`/p/${w.slug}`);
    expect(await page.locator("h1").textContent()).toBe("Field sales");
    expect(await page.locator("table.board tbody tr").first().locator("td.name").textContent()).toBe("Seller 01");

    await page.getByPlaceholder(/Find me/).fill("Seller 42");
    await page.getByRole("button", { name: "Find" }).click();
    await page.waitForURL(/find=Seller/);
    const row = page.locator('table.board tr[aria-current="true"]');
    expect(await row.getAttribute("data-id")).toBe("s-42");
    expect(await focusedAndInView(row)).toBe(true);
    await screenshot(page, "private-board-manager-find");

    await page.goto(`/console/${w.slug}`);
    await page.getByRole("link", { name: "Board", exact: true }).click();
    await page.waitForURL(new RegExp(`/console/${w.slug}/board$`));
    expect(await page.locator("table.board tbody tr").count()).toBe(50);
    await page.getByRole("navigation", { name: "Board" }).getByRole("link", { name: "Teams" }).click();
    await page.waitForURL(/board\?scope=team/);
    expect(await page.locator("table.board tbody td.name").allTextContents()).toEqual(["East", "West"]);
    await screenshot(page, "console-board-teams");

    for (const path of [`/p/${w.slug}/power-100`, `/p/${w.slug}/embed`, `/p/${w.slug}/badge/s-55`]) {
      expect((await page.goto(path))?.status(), path).toBe(200);
    }
    const png = await context.request.get(`/p/${w.slug}/badge/s-55.png`);
    expect(png.headers()["content-type"]).toBe("image/png");
    expect(png.headers()["cache-control"]).toMatch(/^private/);
    expect(await (await context.request.get(`/p/${w.slug}/badge/s-55.svg`)).text()).toMatch(/#55 of 60 on Field sales/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fills a 1080p TV, legible from across the room", async () => {
    const { context, page, errors } = await newPage({ width: 1920, height: 1080 });
    await signInAs(context, w.manager);
    await page.goto(`/p/${w.slug}/tv`);
    const rows = page.locator("section:not([hidden]) table.board tbody tr");
    expect(await rows.count()).toBe(10);
    const fontSize = await rows
      .first()
      .locator("td.name")
      .evaluate((el) => parseFloat((el.ownerDocument as any).defaultView.getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(36);
    const lastBottom = await rows.last().evaluate((el) => el.getBoundingClientRect().bottom);
    expect(lastBottom).toBeLessThanOrEqual(1080);
    expect(lastBottom, "the rows use the screen's height").toBeGreaterThan(700);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await screenshot(page, "tv-1080p");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows nothing to an anonymous visitor", async () => {
    const { context, page } = await newPage();
    const response = await page.goto(`/p/${w.slug}`);
    expect(response?.status()).toBe(401);
    expect(await page.locator("h1").textContent()).toBe("This program is private");
    expect(await page.locator("table.board").count()).toBe(0);
    expect(await page.content()).not.toContain("Seller 01");
    await screenshot(page, "private-board-anonymous");
    for (const path of [`/p/${w.slug}/tv`, `/p/${w.slug}/power-100`, `/p/${w.slug}/embed`]) {
      expect((await page.goto(path))?.status(), path).toBe(401);
    }
    for (const path of [`/p/${w.slug}/badge/s-55.svg`, `/p/${w.slug}/badge/s-55.png`, `/p/${w.slug}/og/board.png`]) {
      expect((await context.request.get(path)).status(), path).toBe(404);
    }
    await context.close();
  });

  it("shows nothing to another organisation's manager, as if it did not exist", async () => {
    const { context, page } = await newPage();
    await signInAs(context, site.manager);
    const response = await page.goto(`/p/${w.slug}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("table.board").count()).toBe(0);
    expect(await page.content()).not.toContain("Seller 01");
    expect((await page.goto(`/console/${w.slug}/board`))?.status()).toBe(404);
    expect((await context.request.get(`/p/${w.slug}/badge/s-55.svg`)).status()).toBe(404);
    // Their own organisation's public board still shows to them.
    expect((await page.goto("/p/social-selling"))?.status()).toBe(200);
    await context.close();
  });
});
