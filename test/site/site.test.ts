/**
 * The site in a real browser against the running product (see global-setup.ts): the public
 * board, the Power 100, a seller's scorecard, the manager console and escaping of names.
 * Screenshots of the main pages go to test-results/screenshots/.
 */
import { spawnSync } from "node:child_process";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hydrated, launch, screenshot, watchErrors } from "./browser";

const site = inject("site");
const SLUG = "social-selling";
let browser: Browser;

async function api(method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${site.base}${path}`, {
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function newPage(viewport = { width: 1280, height: 900 }, timezoneId?: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: site.base, timezoneId });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("public pages", () => {
  it("the board shows the seeded entries and switches periods", async () => {
    const { context, page, errors } = await newPage();
    await page.goto(`/p/${SLUG}`);
    await expect(page.title()).resolves.toMatch(/^Social selling leaderboard — Week \d+/);
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toMatch(/Social selling leaderboard/);
    const rows = page.locator("table.board tbody tr");
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await page.locator("#period-title").textContent()).toMatch(/^Week \d+, \d{4}/);
    await screenshot(page, "board-week");

    // Last week: a full week of the seed, with rank changes against the week before.
    await page.getByRole("link", { name: /Previous period/ }).click();
    await page.waitForURL(/at=\d{4}-W\d{2}/);
    const lastWeek = await api("GET", `/v1/programs/${SLUG}/leaderboard?at=${new URL(page.url()).searchParams.get("at")}&limit=3`);
    expect(await rows.first().locator("td.name").textContent()).toBe(lastWeek.body.entries[0].displayName);
    expect(await page.locator("table.board .up, table.board .down").count()).toBeGreaterThan(0);

    await page.getByRole("link", { name: "Month", exact: true }).click();
    await page.waitForURL(/period=month/);
    expect(await page.locator("#period-title").textContent()).toMatch(
      /^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/,
    );
    expect(await rows.count()).toBeGreaterThan(10);

    await page.getByRole("link", { name: "Teams", exact: true }).click();
    await page.waitForURL(/scope=team/);
    expect(await page.locator("table.board tbody tr td.name").allTextContents()).toEqual(expect.arrayContaining(["North", "South", "Enterprise", "SMB"]));
    await screenshot(page, "board-teams-month");

    // Find me: by name, the page centres on the seller and marks the row.
    await page.goto(`/p/${SLUG}`);
    await page.getByPlaceholder(/Find me/).fill("p-30");
    await page.getByRole("button", { name: "Find" }).click();
    await page.waitForURL(/find=p-30/);
    expect(await page.locator('tr[aria-current="true"]').getAttribute("data-id")).toBe("p-30");

    // The cohort filter: only London's sellers (the South team).
    await page.getByLabel("Cohort").selectOption("London");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/cohort=London/);
    const teams = await page.locator("table.board tbody tr td:nth-child(4)").allTextContents();
    expect(teams.length).toBeGreaterThan(5);
    expect(new Set(teams)).toEqual(new Set(["South"]));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the Power 100 shows the week's movers, new entries and the archive", async () => {
    const { context, page, errors } = await newPage();
    await page.goto(`/p/${SLUG}/power-100`);
    await expect(page.title()).resolves.toMatch(/Social selling Power 100 — Week \d+/);
    const movers = page.locator(".mover");
    expect(await movers.count()).toBeGreaterThan(0);
    expect(await movers.first().locator(".up").first().textContent()).toMatch(/▲\d+/);
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(10);
    const archive = page.locator('section[aria-labelledby="archive-title"] a');
    expect(await archive.count()).toBeGreaterThan(3);
    await screenshot(page, "power-100");
    await archive.nth(2).click();
    await page.waitForURL(/power-100\/\d{4}-W\d{2}$/);
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("serves a badge, an embeddable board and a TV mode", async () => {
    const badge = await fetch(`${site.base}/p/${SLUG}/badge/${site.sellerId}.svg`);
    expect(badge.headers.get("content-type")).toMatch(/image\/svg\+xml/);
    expect(await badge.text()).toMatch(/#\d+ (in the Social selling Power 100, week \d+|of \d+ on Social selling)/);
    const { context, page, errors } = await newPage({ width: 1920, height: 1080 });
    await page.goto(`/p/${SLUG}/tv?interval=3`);
    const first = await page.locator("section:not([hidden]) h2").textContent();
    await page.waitForFunction((title) => (globalThis as any).document.querySelector("section:not([hidden]) h2")?.textContent !== title, first, {
      timeout: 10_000,
    });
    await screenshot(page, "tv");
    const embed = await page.goto(`/p/${SLUG}/embed`);
    expect(embed?.headers()["x-frame-options"]).toBeUndefined();
    expect(await page.locator("table.board tbody tr").count()).toBe(10);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a seller's scorecard", () => {
  it("opens from the private link on a phone and draws the chart", async () => {
    const { context, page, errors } = await newPage({ width: 390, height: 844 });
    await page.goto(`/s/${site.sellerToken}`);
    await page.getByRole("button", { name: "Open my scorecard" }).click();
    await page.waitForURL(/\/me$/);
    await expect(page.locator("h1").textContent()).resolves.toBeTruthy();
    expect(await page.locator('[data-testid="score"]').textContent()).toMatch(/\d/);
    await page.locator('canvas[data-drawn="true"]').waitFor();
    await page.waitForTimeout(600); // the chart's short animation
    // Pixels in the seller's own line colour (#0369a1), not just axes and labels.
    const painted = await page.locator("canvas").evaluate((canvas: any) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let line = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - 3) < 20 && Math.abs(data[i + 1] - 105) < 20 && Math.abs(data[i + 2] - 161) < 20) line++;
      }
      return line;
    });
    expect(painted).toBeGreaterThan(100);
    expect(await page.getByRole("heading", { name: /Your weekly digest/ }).count()).toBe(1);
    expect(
      await page
        .getByText(/opted in/)
        .first()
        .isVisible(),
    ).toBe(true);
    await screenshot(page, "scorecard-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the manager console", () => {
  it("signs in, changes a metric's weight, and the board reflects it", async () => {
    const { context, page, errors } = await newPage();
    await page.goto("/console");
    await page.waitForURL(/\/console\/login/);
    await page.getByLabel("E-mail").fill(site.manager.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/do not match/);
    await page.getByLabel("Password").fill(site.manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/console/${SLUG}$`));
    expect(await page.locator("table.heatmap tbody tr").count()).toBe(4);
    await screenshot(page, "console-dashboard");

    // Last week's board before the change.
    const summary = await api("GET", `/v1/programs/${SLUG}/summary`);
    const today = summary.body.today as string;
    const lastWeekDay = new Date(Date.parse(`${today}T12:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    const before = await api("GET", `/v1/programs/${SLUG}/leaderboard?at=${lastWeekDay}&limit=1`);
    const monday = new Date(Date.parse(before.body.period.start) + 12 * 3600_000).toISOString().slice(0, 10);

    await page.getByRole("link", { name: "Metrics" }).click();
    await page.waitForURL(/\/metrics$/);
    await hydrated(page);
    const row = page.locator('tr[data-metric="social-post"]');
    // A field's problem is shown beside it.
    await row.getByLabel(/^Points of/).fill("-1");
    await page.getByRole("button", { name: "Save metrics" }).click();
    await expect(row.locator(".error").first().textContent()).resolves.toMatch(/at least 0/);
    expect(await row.getByLabel(/^Points of/).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "console-metrics-error");

    await row.getByLabel(/^Points of/).fill("12");
    await row.getByLabel(/^Apply the weight from/).fill(monday);
    await page.getByRole("button", { name: "Save metrics" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();

    const after = await api("GET", `/v1/programs/${SLUG}/leaderboard?at=${lastWeekDay}&limit=1`);
    expect(after.body.entries[0].score).toBeGreaterThan(before.body.entries[0].score);
    await page.goto(`/p/${SLUG}?at=${lastWeekDay}`);
    const top = page.locator("table.board tbody tr").first();
    expect(await top.locator("td.name").textContent()).toBe(after.body.entries[0].displayName);
    expect(Number((await top.locator("td.num strong").textContent())!.replace(/,/g, ""))).toBe(after.body.entries[0].score);

    // CSV import: a preview with each row's problems, nothing stored until they are fixed (p-01 as stored, p-90 in no team).
    await page.goto(`/console/${SLUG}/participants`);
    await hydrated(page);
    await page.getByLabel("…or paste it").fill("id,displayName,team,cohort\np-01,Ana Ruiz,north,Manchester\np-90,Noor Haddad,nowhere,\n");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText(/2 rows · 0 new · 0 updated · 1 unchanged · 1 with problems/).waitFor();
    expect(await page.locator("td .error").textContent()).toMatch(/no team "nowhere"/);
    expect(await page.getByRole("button", { name: /^Import 2 rows/ }).isDisabled()).toBe(true);
    await screenshot(page, "console-import-preview");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a new organisation's first manager", () => {
  it("is created from the command line, signs in and starts a program", async () => {
    const org = `org-${Date.now().toString(36)}`;
    expect((await api("POST", "/v1/orgs", site.operatorKey, { slug: org, name: "Acme Realty" })).status).toBe(201);
    const cli = spawnSync(process.execPath, ["scripts/manager.ts", "--org", org, "--email", `first@${org}.test`, "--url", site.base], {
      env: { ...process.env, OPERATOR_KEY: site.operatorKey },
      encoding: "utf8",
    });
    expect(cli.status, cli.stderr).toBe(0);
    const password = /Password: (\S+)/.exec(cli.stdout)![1];

    const { context, page, errors } = await newPage({ width: 390, height: 844 }, "Asia/Tokyo");
    await page.goto("/console/login");
    await page.getByLabel("E-mail").fill(`first@${org}.test`);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("No programs yet").waitFor();
    await hydrated(page);
    expect(await page.getByLabel("Time zone").inputValue(), "the browser's own zone by default").toBe("Asia/Tokyo");
    await page.getByLabel("Name").fill("Digital influence");
    await page.getByLabel("Address").fill(`${org}-influence`);
    await page.getByLabel("Time zone").fill("Europe/Paris");
    await page.getByRole("button", { name: "Create the program" }).click();
    await page.waitForURL(new RegExp(`/console/${org}-influence/metrics$`));
    expect(await page.locator("h1").textContent()).toBe("Digital influence");
    await screenshot(page, "console-new-program-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a form typed into before the page's scripts run", () => {
  it("keeps what was typed once the scripts take over", async () => {
    const { context, page, errors } = await newPage({ width: 390, height: 844 });
    let release!: () => void;
    const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/_app/immutable/**/*.js", async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    await page.goto("/console/login", { waitUntil: "domcontentloaded" });
    await page.getByLabel("E-mail").fill(site.manager.email);
    release();
    await hydrated(page);
    expect(await page.getByLabel("E-mail").inputValue()).toBe(site.manager.email);
    expect(errors).toEqual([]);
    await context.close();
  });

  /** Signs the manager in (scripts running as usual). */
  async function signIn(page: Page) {
    await page.goto("/console/login");
    await page.getByLabel("E-mail").fill(site.manager.email);
    await page.getByLabel("Password").fill(site.manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/console/${SLUG}$`));
  }

  /** Opens `path` with the page's scripts held back; the returned function lets them run and waits for them. */
  async function openBeforeScripts(page: Page, path: string): Promise<() => Promise<void>> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hold = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route("**/_app/immutable/**/*.js", hold);
    await page.goto(path, { waitUntil: "domcontentloaded" });
    return async () => {
      release();
      await hydrated(page);
      await page.unroute("**/_app/immutable/**/*.js", hold);
    };
  }

  it("keeps a console form's typed weight and new row, and shows what was saved", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page);
    const scriptsRun = await openBeforeScripts(page, `/console/${SLUG}/metrics`);
    const rows = page.locator("table.edit tbody tr");
    const replies = page.locator('tr[data-metric="post-engagement"]');
    const blank = rows.last();
    await replies.getByLabel(/^Points of/).fill("4");
    await blank.getByLabel("Key").fill("typed-early");
    await blank.getByLabel("Name").fill("Typed before the scripts");
    await blank.getByLabel("Counts").selectOption("sum");
    await blank.getByLabel(/^Points of/).fill("-1");
    await scriptsRun();
    expect(await replies.getByLabel(/^Points of/).inputValue()).toBe("4");
    expect(await blank.getByLabel("Key").inputValue()).toBe("typed-early");
    expect(await blank.getByLabel("Name").inputValue()).toBe("Typed before the scripts");
    expect(await blank.getByLabel("Counts").inputValue()).toBe("sum");

    // Refused: the problem beside the new row's points, everything typed still there.
    await page.getByRole("button", { name: "Save metrics" }).click();
    await expect(blank.locator(".error").textContent()).resolves.toMatch(/at least 0/);
    expect(await blank.getByLabel(/^Points of/).getAttribute("aria-invalid")).toBe("true");
    expect(await blank.getByLabel(/^Points of/).inputValue()).toBe("-1");
    expect(await blank.getByLabel("Key").inputValue()).toBe("typed-early");
    expect(await blank.getByLabel("Counts").inputValue()).toBe("sum");
    expect(await replies.getByLabel(/^Points of/).inputValue()).toBe("4");

    // Saved: the new metric gets its own row and a blank row follows.
    await blank.getByLabel(/^Points of/).fill("2.5");
    await page.getByRole("button", { name: "Save metrics" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    const early = page.locator('tr[data-metric="typed-early"]');
    expect(await early.getByLabel(/^Points of/).inputValue()).toBe("2.5");
    expect(await early.getByLabel("Counts").inputValue()).toBe("sum");
    expect(await replies.getByLabel(/^Points of/).inputValue()).toBe("4");
    expect(await blank.getAttribute("data-metric")).toBe("");
    expect(await blank.getByLabel("Key").inputValue()).toBe("");
    const stored = (await api("GET", `/v1/programs/${SLUG}`, site.adminKey)).body.metrics as { key: string }[];
    expect(stored.find((m) => m.key === "post-engagement")).toMatchObject({ points: 4 });
    expect(stored.find((m) => m.key === "typed-early")).toMatchObject({ name: "Typed before the scripts", aggregation: "sum", points: 2.5 });

    // One archived and one added in the same save: the archived row goes, and the blank row,
    // still in its place, is blank again rather than showing what was typed into it.
    await page.getByLabel("Archive typed-early").check();
    await blank.getByLabel("Key").fill("typed-later");
    await blank.getByLabel("Name").fill("Typed later");
    await blank.getByLabel("Counts").selectOption("sum");
    await blank.getByLabel(/^Points of/).fill("1.5");
    await page.getByRole("button", { name: "Save metrics" }).click();
    await early.waitFor({ state: "detached" });
    const later = page.locator('tr[data-metric="typed-later"]');
    expect(await later.getByLabel(/^Points of/).inputValue()).toBe("1.5");
    expect(await rows.count()).toBe(stored.length + 1);
    expect(await blank.getAttribute("data-metric")).toBe("");
    expect(await blank.getByLabel("Key").inputValue()).toBe("");
    expect(await blank.getByLabel("Name").inputValue()).toBe("");
    expect(await blank.getByLabel(/^Points of/).inputValue()).toBe("");
    expect(await blank.getByLabel("Counts").inputValue()).toBe("count");

    // Back as seeded for the tests after this one.
    await page.getByLabel("Archive typed-later").check();
    await replies.getByLabel(/^Points of/).fill("1");
    await page.getByRole("button", { name: "Save metrics" }).click();
    await later.waitFor({ state: "detached" });
    const after = (await api("GET", `/v1/programs/${SLUG}`, site.adminKey)).body.metrics as { key: string }[];
    expect(after.map((m) => m.key)).toEqual(stored.map((m) => m.key).filter((k) => k !== "typed-early"));
    expect(after.find((m) => m.key === "post-engagement")).toMatchObject({ points: 1 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps a new team with its parent, the settings' choices and a pasted CSV", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page);
    let scriptsRun = await openBeforeScripts(page, `/console/${SLUG}/teams`);
    const blank = page.locator("table.edit tbody tr").last();
    await blank.getByLabel("Key").fill("typed-team");
    await blank.getByLabel("Name").fill("Typed team");
    await blank.getByLabel("Parent team").selectOption("north");
    await scriptsRun();
    expect(await blank.getByLabel("Key").inputValue()).toBe("typed-team");
    expect(await blank.getByLabel("Name").inputValue()).toBe("Typed team");
    expect(await blank.getByLabel("Parent team").inputValue()).toBe("north");
    await page.getByRole("button", { name: "Save teams" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    const teams = (await api("GET", `/v1/programs/${SLUG}`, site.adminKey)).body.teams as { key: string }[];
    expect(teams.find((t) => t.key === "typed-team")).toMatchObject({ name: "Typed team", parent: "north" });
    expect(await page.getByLabel("Remove typed-team").count()).toBe(1);
    expect(await blank.getByLabel("Key").inputValue()).toBe("");

    // A key used twice is refused beside the second one, with what was typed kept.
    await blank.getByLabel("Key").fill("north");
    await blank.getByLabel("Name").fill("North again");
    await page.getByRole("button", { name: "Save teams" }).click();
    await expect(blank.locator(".error").textContent()).resolves.toMatch(/appears more than once/);
    expect(await blank.getByLabel("Name").inputValue()).toBe("North again");

    // Back as seeded.
    await blank.getByLabel("Key").fill("");
    await blank.getByLabel("Name").fill("");
    await page.getByLabel("Remove typed-team").check();
    await page.getByRole("button", { name: "Save teams" }).click();
    await page.getByLabel("Remove typed-team").waitFor({ state: "detached" });
    expect((await api("GET", `/v1/programs/${SLUG}`, site.adminKey)).body.teams).toHaveLength(teams.length - 1);

    // The settings' radio buttons, checkbox and select, looked at but not saved.
    scriptsRun = await openBeforeScripts(page, `/console/${SLUG}/settings`);
    await page.getByLabel(/Private:/).check();
    await page.getByLabel(/Sellers must opt in/).uncheck();
    await page.getByLabel("Team score").selectOption("sum");
    await page.getByLabel("Time zone").fill("Europe/Paris");
    await scriptsRun();
    expect(await page.getByLabel(/Private:/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Public:/).isChecked()).toBe(false);
    expect(await page.getByLabel(/Sellers must opt in/).isChecked()).toBe(false);
    expect(await page.getByLabel("Team score").inputValue()).toBe("sum");
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Paris");

    // A CSV pasted for import.
    scriptsRun = await openBeforeScripts(page, `/console/${SLUG}/participants`);
    const csv = "id,displayName,team,cohort\np-91,Pasted Early,north,Manchester\n";
    await page.getByLabel("…or paste it").fill(csv);
    await scriptsRun();
    expect(await page.getByLabel("…or paste it").inputValue()).toBe(csv);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("responsive pages", () => {
  it("fit a phone's width without sideways scrolling", async () => {
    const { context, page, errors } = await newPage({ width: 360, height: 740 });
    await page.goto("/console/login");
    await page.getByLabel("E-mail").fill(site.manager.email);
    await page.getByLabel("Password").fill(site.manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/console/${SLUG}$`));
    await page.goto(`/s/${site.sellerToken}`);
    await page.getByRole("button", { name: "Open my scorecard" }).click();
    await page.waitForURL(/\/me$/);
    const pages = [`/p/${SLUG}`, `/p/${SLUG}?scope=team&period=quarter`, `/p/${SLUG}/power-100`, "/me", `/console/${SLUG}`];
    pages.push(`/p/${SLUG}?metric=linkedin-followers`, `/p/${SLUG}/contests`, `/p/${SLUG}/contests/social-sprint`, `/p/${SLUG}/contests/birthday-blitz`);
    for (const tab of ["metrics", "teams", "targets", "contests", "badges", "levels", "participants", "keys", "webhooks", "settings"])
      pages.push(`/console/${SLUG}/${tab}`);
    for (const path of pages) {
      await page.goto(path);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("escaping", () => {
  it("shows a display name containing HTML as text", async () => {
    const name = `<img src=x onerror="window.__pwned=1"><b>Bold</b> & co`;
    const base = `/v1/programs/${SLUG}`;
    expect(
      (await api("PUT", `${base}/participants`, site.adminKey, { participants: [{ id: "p-html", displayName: name, team: "north", cohort: "Manchester" }] }))
        .status,
    ).toBe(200);
    expect((await api("POST", `${base}/participants/p-html/opt-in`, site.adminKey, { at: new Date(Date.now() - 3600_000).toISOString() })).status).toBe(200);
    const posted = await api("POST", `${base}/events`, site.ingestKey, {
      events: [{ id: "html-1", participant: "p-html", metric: "customer-birthday", occurredAt: new Date(Date.now() - 60_000).toISOString() }],
    });
    expect(posted.body.accepted).toBe(1);

    const { context, page, errors } = await newPage();
    await page.goto(`/p/${SLUG}?find=p-html`);
    const cell = page.locator('tr[data-id="p-html"] td.name');
    expect(await cell.textContent()).toBe(name);
    expect(await page.locator("table.board img, table.board b").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    const badge = await (await fetch(`${site.base}/p/${SLUG}/badge/p-html.svg`)).text();
    expect(badge).not.toContain("<img");
    expect(badge).toContain("&lt;img");
    expect(errors).toEqual([]);
    await context.close();
  });
});
