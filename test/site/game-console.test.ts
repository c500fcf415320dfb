/**
 * The game end to end on a program of this file's own (world.ts: 60 sellers, s-55 sixth from the
 * bottom): a manager defines levels, a contest and a badge in the console (each refused once,
 * the problem shown beside its field in plain words), the contest is linked from the board, and
 * the seller's own screen celebrates a rise in rank and level once, with confetti only where the
 * device does not ask for reduced motion.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hydrated, launch, openPrivateLink, screenshot, watchErrors } from "./browser";
import { api, privateWorld, signInAs, type PrivateWorld } from "./world";

const site = inject("site");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let w: PrivateWorld;
let today: string;

const day = (offset: number) => new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const doc = async () => (await api("GET", `/v1/programs/${w.slug}`, w.adminKey)).body;

async function managerPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL: site.base });
  await signInAs(context, w.manager);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/**
 * Saves the form and waits for its answer: "Saved." (a fresh page or a refused save shows none
 * before), or the problem beside the field `refused` names. The next change starts on a fresh page,
 * since a saved form resets itself to what was stored once the page has the stored data.
 */
async function save(page: Page, button: string, refused?: string): Promise<string | null> {
  await page.getByRole("button", { name: button }).click();
  if (!refused) {
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    return null;
  }
  await page.locator(`#${refused}-error`).waitFor();
  expect(await page.locator(`#${refused}`).getAttribute("aria-invalid")).toBe("true");
  return page.locator(`#${refused}-error`).textContent();
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

beforeAll(async () => {
  [browser, w] = await Promise.all([launch(), privateWorld("game")]);
  today = (await api("GET", `/v1/programs/${w.slug}/summary`, w.adminKey)).body.today;
});
afterAll(async () => {
  await browser?.close();
});

describe("the console defines the game", () => {
  it("levels, a contest and a badge, each refused once with the problem beside its field", async () => {
    const { context, page, errors } = await managerPage();

    const levels = `/console/${w.slug}/levels`;
    await open(page, levels);
    await page.locator("#l0-name").fill("Starter");
    await page.locator("#l0-points").fill("lots");
    expect(await save(page, "Save levels", "l0-points")).toBe("Enter a number.");
    await page.locator("#l0-points").fill("0");
    await save(page, "Save levels");
    await open(page, levels);
    await page.locator("#l1-name").fill("Closer");
    await page.locator("#l1-points").fill("50");
    await save(page, "Save levels");
    await open(page, levels);
    await page.locator("#l2-name").fill("Backwards");
    await page.locator("#l2-points").fill("10");
    expect(await save(page, "Save levels", "l2-points")).toBe("Must be more points than the level before (50): levels go up.");
    await screenshot(page, "console-levels-error");
    expect((await doc()).levels).toEqual([
      { name: "Starter", points: 0 },
      { name: "Closer", points: 50 },
    ]);

    await open(page, `/console/${w.slug}/contests`);
    await page.locator("#c0-key").fill("Spring Cup!");
    await page.locator("#c0-name").fill("Spring cup");
    await page.locator("#c0-start").fill(day(-1));
    await page.locator("#c0-end").fill(day(-2));
    await page.getByRole("checkbox", { name: "Calls made" }).check();
    expect(await save(page, "Save contests", "c0-key")).toMatch(/^Use lower-case letters, digits/);
    await page.locator("#c0-key").fill("spring-cup");
    expect(await save(page, "Save contests", "c0-end")).toBe("The end date must not be before the start date.");
    await screenshot(page, "console-contests-error");
    await page.locator("#c0-end").fill(day(2));
    await save(page, "Save contests");
    expect((await doc()).contests).toEqual([{ key: "spring-cup", name: "Spring cup", start: day(-1), end: day(2), metrics: ["calls"], cohort: null }]);

    await open(page, `/console/${w.slug}/badges`);
    await page.locator("#b0-key").fill("fifty-day");
    await page.locator("#b0-name").fill("Fifty in a day");
    // The goal's hint follows the kind chosen.
    await page.locator("#b0-kind").selectOption("day");
    expect(await page.locator("#b0-goal-help").textContent()).toBe("Points in one day.");
    await page.locator("#b0-kind").selectOption("streak");
    expect(await page.locator("#b0-goal-help").textContent()).toBe("Days in a row with points.");
    await page.locator("#b0-goal").fill("1.5");
    expect(await save(page, "Save badges", "b0-goal")).toBe("Must be a whole number.");
    await page.locator("#b0-kind").selectOption("day");
    await page.locator("#b0-goal").fill("50");
    await page.locator("#b0-description").fill("Fifty calls' worth in one day");
    await save(page, "Save badges");
    expect((await doc()).badges).toEqual([
      { key: "fifty-day", name: "Fifty in a day", description: "Fifty calls' worth in one day", rule: { kind: "day", points: 50 } },
    ]);
    await screenshot(page, "console-badges");

    // Webhooks name the game's events: none ticked is refused beside the events.
    await open(page, `/console/${w.slug}/webhooks`);
    await page.getByLabel("Address").fill("https://hooks.example.com/leadboard");
    await page.getByRole("checkbox", { name: /Power 100/ }).uncheck();
    await page.getByRole("button", { name: "Add webhook" }).click();
    await page.locator("#events-error").waitFor();
    expect(await page.locator("#events-error").textContent()).toBe("Tick at least one event.");
    await page.getByRole("checkbox", { name: /A contest ends/ }).check();
    await page.getByRole("checkbox", { name: /earns a badge/ }).check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    await page.getByRole("status").filter({ hasText: "signing secret" }).waitFor();
    expect((await api("GET", `/v1/programs/${w.slug}/webhooks`, w.adminKey)).body.webhooks.map((h: any) => h.events)).toEqual([
      ["contest.ended", "badge.earned"],
    ]);

    await page.goto(`/p/${w.slug}`);
    await page
      .getByRole("region", { name: "Contests" })
      .getByRole("link", { name: /Spring cup/ })
      .click();
    await page.waitForURL(/\/contests\/spring-cup$/);
    expect(await page.locator("#status-title").textContent()).toMatch(/^Running: /);
    expect(await page.locator("table.board tbody tr").first().locator("td.name").textContent()).toBe("Seller 01");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a rise on the seller's own screen", () => {
  /** A seller's device: their private link opened, which shows /me. */
  async function sellerDevice(viewport: typeof DESKTOP, reducedMotion: "reduce" | "no-preference") {
    const context = await browser.newContext({ viewport, baseURL: site.base, reducedMotion });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await openPrivateLink(page, w.seller.token);
    await hydrated(page);
    return { context, page, errors };
  }
  const celebration = (page: Page) => page.getByTestId("celebration");

  it("is celebrated once, with confetti only without reduced motion; the own row's bar measures the target", async () => {
    const document = await doc();
    // The seller's weekly target: their row's bar measures towards it.
    const put = await api("PUT", `/v1/programs/${w.slug}`, w.adminKey, {
      ...document,
      metrics: document.metrics.map(({ effectiveFrom: _, ...m }: any) => m),
      targets: [{ key: "s55-week", subject: { participant: w.seller.id }, metric: null, period: "week", value: 200 }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const calm = await sellerDevice(DESKTOP, "reduce");
    const lively = await sellerDevice(PHONE, "no-preference");
    for (const { page } of [calm, lively]) {
      // First sight: nothing to celebrate, but rank 55 and level Starter are remembered.
      expect(await page.getByTestId("level").locator(".name").textContent()).toBe("Starter");
      await page.goto(`/p/${w.slug}`);
      await hydrated(page);
      expect(await page.locator('tbody.pinned tr[aria-current="true"] td.num').first().textContent()).toBe("55");
      expect(await celebration(page).textContent()).toBe("");
    }

    // 100 more points today: first place, level Closer, and the badge for 50 points in a day.
    const posted = await api("POST", `/v1/programs/${w.slug}/events`, w.adminKey, {
      events: [{ id: "game-rise", participant: w.seller.id, metric: "calls", occurredAt: new Date(Date.now() - 30_000).toISOString(), value: 100 }],
    });
    expect(posted.body.accepted).toBe(1);

    for (const [{ page }, name] of [
      [calm, "desktop"],
      [lively, "phone"],
    ] as const) {
      await page.reload();
      await hydrated(page);
      await expect.poll(() => celebration(page).textContent()).toMatch(/You moved up to #1 \(from #55\)!/);
      const own = page.locator('table.board tr[aria-current="true"]');
      expect(await own.locator("td.num").first().textContent()).toBe("1");
      const meter = own.getByRole("meter");
      expect(await meter.getAttribute("aria-label")).toBe("53% of your target of 200");
      expect(await page.locator(".confetti i").count()).toBe(name === "phone" ? 24 : 0);
      await screenshot(page, `board-celebration-${name}`);
    }

    // On the scorecard the rank was seen already: only the new level is celebrated, once.
    const { page } = lively;
    await page.goto("/me");
    await hydrated(page);
    await expect.poll(() => celebration(page).textContent()).toMatch(/^\s*★?\s*You reached level Closer!\s*Close\s*$/);
    expect(await page.getByTestId("level").locator(".name").textContent()).toBe("Closer");
    expect(await page.getByTestId("level").textContent()).toContain("The top level");
    expect(await page.locator('li.medal.earned[data-badge="fifty-day"] strong').textContent()).toBe("Fifty in a day");
    await screenshot(page, "scorecard-level-up-phone");
    await page.reload();
    await hydrated(page);
    await page.waitForTimeout(500);
    expect(await celebration(page).textContent()).toBe("");

    for (const device of [calm, lively]) {
      expect(device.errors).toEqual([]);
      await device.context.close();
    }
  });
});
