/**
 * The game's public pages in a real browser, on the demo (its contests, its gauge metric, its
 * badges and levels, all seeded around today): contest pages (a countdown while to come, the live
 * board and podium while running, the winners once ended), metric boards picked beside the lead
 * score, and the seller's badges and level on their scorecard and badge images. Each page is held
 * against what the API answers at the moment, since other test files change the demo's weights.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPrivateLink, screenshot, watchErrors } from "./browser";
import { api } from "./world";

const site = inject("site");
const SLUG = "social-selling";
const BASE = `/v1/programs/${SLUG}`;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
let browser: Browser;

async function newPage(viewport = DESKTOP, options: { sellerToken?: string } = {}) {
  const context = await browser.newContext({ viewport, baseURL: site.base });
  const page = await context.newPage();
  const errors = watchErrors(page);
  if (options.sellerToken) {
    await openPrivateLink(page, options.sellerToken);
  }
  return { context, page, errors };
}

const names = (page: Page, selector: string) => page.locator(selector).allTextContents();

/**
 * What the API answers, read before and after `load` shows it on the page, until both agree: other
 * files re-weight the demo meanwhile, and a page is held against the figures it was made from.
 */
async function steady<T>(fromApi: () => Promise<T>, load: () => Promise<unknown>): Promise<T> {
  for (let tries = 0; tries < 5; tries++) {
    const before = JSON.stringify(await fromApi());
    await load();
    const after = await fromApi();
    if (JSON.stringify(after) === before) return after;
  }
  throw new Error("the demo kept changing under the page");
}
const contestBoard = async (key: string) => (await api("GET", `${BASE}/leaderboard?period=contest&at=${key}&limit=50`)).body;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("contest pages", () => {
  it("a running contest is linked from the board and shows its live standings and podium", async () => {
    const { contests } = (await api("GET", `${BASE}/contests`)).body;
    expect(contests.map((c: any) => [c.key, c.status])).toEqual([
      ["birthday-blitz", "ended"],
      ["social-sprint", "running"],
      ["london-call-cup", "upcoming"],
    ]);
    for (const [viewport, name] of [
      [DESKTOP, "desktop"],
      [PHONE, "phone"],
    ] as const) {
      const { context, page, errors } = await newPage(viewport);
      await page.goto(`/p/${SLUG}`);
      // Running and coming contests are linked above the board; one that ended two weeks ago is not.
      const strip = page.getByRole("region", { name: "Contests" });
      expect((await strip.getByRole("link").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim())).toEqual([
        expect.stringMatching(/^Social sprint Running: \d+ \w+( \d+ \w+)? left$/),
        expect.stringMatching(/^London call-prep cup Starts in \d+ days?/),
        "All contests",
      ]);
      await strip.getByRole("link", { name: /Social sprint/ }).click();
      await page.waitForURL(/\/contests\/social-sprint$/);
      expect(await page.locator("h1").textContent()).toBe("Social sprint");
      await expect(page.locator("#status-title").textContent()).resolves.toMatch(/^Running: \d+ \w+( \d+ \w+)? left$/);
      const sprint = contests.find((c: any) => c.key === "social-sprint");
      expect(await page.getByTestId("countdown").getAttribute("datetime")).toBe(sprint.end);
      expect(await page.locator("main p.muted").first().textContent()).toMatch(/Points of Social posts, Replies to customer posts/);

      const board = await steady(
        () => contestBoard("social-sprint"),
        () => page.reload(),
      );
      expect(await names(page, "table.board tbody tr td.name")).toEqual(board.entries.map((e: any) => e.displayName));
      const podium = page.getByRole("list", { name: /^Top three of Social sprint/ });
      expect(await podium.locator(".who").allTextContents()).toEqual(
        board.entries
          .filter((e: any) => e.rank <= 3 && e.score > 0)
          .slice(0, 3)
          .map((e: any) => e.displayName),
      );
      await screenshot(page, `contest-running-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("an ended contest shows its winners, an upcoming one a countdown that ticks; an unknown one is 404", async () => {
    const { context, page, errors } = await newPage();
    await page.goto(`/p/${SLUG}/contests/birthday-blitz`);
    expect(await page.locator("#status-title").textContent()).toBe("Ended: the winners");
    const board = await contestBoard("birthday-blitz");
    const winners = board.entries.filter((e: any) => e.rank <= 3 && e.score > 0);
    expect(winners.length).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole("list", { name: "Winners of Birthday blitz" }).locator(".who").allTextContents()).toEqual(
      winners.slice(0, 3).map((e: any) => e.displayName),
    );
    expect(await page.getByRole("heading", { name: "Final standings" }).count()).toBe(1);
    expect(await page.locator("table.board tbody tr").count()).toBe(board.entries.length);
    expect(await page.getByText("Live: the figures update").count(), "an ended contest does not refresh").toBe(0);
    await screenshot(page, "contest-ended-desktop");

    // The countdown runs on the page's clock: two and a half hours before the start, then one hour later.
    const cup = (await api("GET", `${BASE}/contests`)).body.contests.find((c: any) => c.key === "london-call-cup");
    const at = Date.parse(cup.start) - 2.5 * 3_600_000;
    await page.clock.install({ time: at - 10_000 });
    await page.goto(`/p/${SLUG}/contests/london-call-cup`);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await page.clock.pauseAt(at);
    const countdown = page.getByTestId("countdown");
    await expect.poll(() => countdown.textContent()).toBe("2 hours 30 minutes");
    await page.clock.fastForward("01:00:00");
    await expect.poll(() => countdown.textContent()).toBe("1 hour 30 minutes");
    expect(await page.locator("#status-title").textContent()).toMatch(/^Starts in/);
    expect(await page.locator("table.board").count()).toBe(0);
    expect(await page.locator("main p.muted").first().textContent()).toMatch(/only London competes/);

    const missing = await page.goto(`/p/${SLUG}/contests/no-such-contest`);
    expect(missing?.status()).toBe(404);
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await context.close();
  });

  it("the contests page lists them, running first, on a phone", async () => {
    const { context, page, errors } = await newPage(PHONE);
    await page.goto(`/p/${SLUG}/contests`);
    expect(await names(page, "ul.list li a strong")).toEqual(["Social sprint", "London call-prep cup", "Birthday blitz"]);
    expect(await names(page, "ul.list li .badge")).toEqual(["Running", "Coming", "Ended"]);
    await page.getByRole("link", { name: "London call-prep cup" }).click();
    await page.waitForURL(/london-call-cup$/);
    await screenshot(page, "contest-upcoming-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("metric boards", () => {
  it("rank by a metric beside the lead score, across periods, and back", async () => {
    for (const [viewport, name] of [
      [DESKTOP, "desktop"],
      [PHONE, "phone"],
    ] as const) {
      const { context, page, errors } = await newPage(viewport);
      await page.goto(`/p/${SLUG}`);
      await page.getByLabel("Ranked by").selectOption("linkedin-followers");
      await page.getByRole("button", { name: "Rank", exact: true }).click();
      await page.waitForURL(/metric=linkedin-followers/);
      const week = (await api("GET", `${BASE}/leaderboard?metric=linkedin-followers&limit=50`)).body;
      expect(week.metric).toBe("linkedin-followers");
      expect(await page.locator("table.board thead th.num").last().textContent()).toBe("LinkedIn followers");
      expect(await names(page, "table.board tbody tr td.name")).toEqual(week.entries.map((e: any) => e.displayName));
      const figures = (await names(page, "table.board tbody tr td.num strong")).map((t) => Number(t.replace(/,/g, "")));
      expect(figures).toEqual(week.entries.map((e: any) => e.score));
      expect(await page.getByText(/Ranked by the latest LinkedIn followers reading/).count()).toBe(1);
      expect(
        await page
          .getByRole("list", { name: /^Top three, .* by LinkedIn followers$/ })
          .locator(".who")
          .allTextContents(),
      ).toEqual(week.entries.slice(0, 3).map((e: any) => e.displayName));
      await screenshot(page, `board-metric-gauge-${name}`);

      // The month keeps the metric.
      await page.getByRole("link", { name: "Month", exact: true }).click();
      await page.waitForURL(/period=month/);
      expect(new URL(page.url()).searchParams.get("metric")).toBe("linkedin-followers");
      expect(await page.getByLabel("Ranked by").inputValue()).toBe("linkedin-followers");

      // A count metric ranks by what was counted; the lead score again without the parameter.
      await page.getByLabel("Ranked by").selectOption("social-post");
      await page.getByRole("button", { name: "Rank", exact: true }).click();
      await page.waitForURL(/metric=social-post/);
      const posts = (await api("GET", `${BASE}/leaderboard?period=month&metric=social-post&limit=50`)).body;
      expect(await names(page, "table.board tbody tr td.name")).toEqual(posts.entries.map((e: any) => e.displayName));
      expect(await page.getByText("Ranked by Social posts counted, not the lead score.", { exact: false }).count()).toBe(1);
      await page.getByLabel("Ranked by").selectOption("");
      await page.getByRole("button", { name: "Rank", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("metric") === "");
      expect(await page.locator("table.board thead th.num").last().textContent()).toBe("Score");
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("every row has a bar towards the leader's figure", async () => {
    const { context, page } = await newPage();
    await page.goto(`/p/${SLUG}?metric=linkedin-followers`);
    const week = (await api("GET", `${BASE}/leaderboard?metric=linkedin-followers&limit=50`)).body;
    const widths = await page.locator("table.board tbody tr .progress > span").evaluateAll((spans) => spans.map((s) => (s as any).style.width));
    const leader = week.entries[0].score;
    expect(widths).toEqual(week.entries.map((e: any) => `${Math.round((e.score / leader) * 100)}%`));
    await context.close();
  });
});

describe("the scorecard's badges and level", () => {
  it("shows the level with progress to the next, and badges earned and to earn", async () => {
    // Only what the page shows of them (a target's pace moves with the clock).
    const read = async () => {
      const { score, level } = (await api("GET", `${BASE}/participants/${site.sellerId}/score?period=all`)).body;
      const { badges } = (await api("GET", `${BASE}/participants/${site.sellerId}/score`)).body;
      return { all: { score, level }, week: { badges }, game: (await api("GET", `${BASE}/game`)).body };
    };
    for (const [viewport, name] of [
      [DESKTOP, "desktop"],
      [PHONE, "phone"],
    ] as const) {
      const { context, page, errors } = await newPage(viewport, { sellerToken: site.sellerToken });
      const { all, week, game } = await steady(read, () => page.reload());
      expect(all.level, "the demo's first seller has a level").not.toBeNull();
      const level = page.getByTestId("level");
      expect(await level.locator(".name").textContent()).toBe(all.level.name);
      if (all.level.next) {
        const done = Math.round(((all.score - all.level.points) / (all.level.next.points - all.level.points)) * 100);
        const meter = level.getByRole("meter");
        expect(await meter.getAttribute("aria-valuenow")).toBe(String(done));
        expect(await meter.getAttribute("aria-label")).toBe(`Progress to ${all.level.next.name}: ${done}%`);
        expect(await level.textContent()).toContain(`to ${all.level.next.name}`);
      }
      const earned = page.locator("li.medal.earned");
      expect(await earned.evaluateAll((els) => els.map((e) => e.getAttribute("data-badge")))).toEqual(week.badges.map((b: any) => b.key));
      expect(await earned.locator("strong").allTextContents()).toEqual(week.badges.map((b: any) => b.name));
      const held = new Set(week.badges.map((b: any) => b.key));
      const locked = page.locator("li.medal.locked");
      expect(await locked.evaluateAll((els) => els.map((e) => e.getAttribute("data-badge")))).toEqual(
        game.badges.filter((b: any) => !held.has(b.key)).map((b: any) => b.key),
      );
      for (const text of await locked.allTextContents()) expect(text).toMatch(/Not yet: /);
      await expect(page.getByRole("heading", { name: /^Badges/ }).textContent()).resolves.toBe(`Badges ${week.badges.length} of ${game.badges.length}`);
      await screenshot(page, `scorecard-game-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("the badge images and page carry the level and the badges", async () => {
    // The row as the score card has it now (other files re-weight the demo meanwhile: read both again until they agree).
    const rowNow = async () => {
      const all = (await api("GET", `${BASE}/participants/${site.sellerId}/score?period=all`)).body;
      return `Level ${all.level.name} · ${all.badges.length} ${all.badges.length === 1 ? "badge" : "badges"}`;
    };
    let row = "";
    await expect
      .poll(async () => {
        const svg = await (await fetch(`${site.base}/p/${SLUG}/badge/${site.sellerId}.svg`)).text();
        row = await rowNow();
        return svg.includes(row) && /height="88"/.test(svg);
      })
      .toBe(true);
    const { context, page } = await newPage();
    await page.goto(`/p/${SLUG}/badge/${site.sellerId}`);
    expect(await page.getByTestId("badge-game").textContent()).toMatch(new RegExp(`^${row}`));
    await context.close();
  });
});
