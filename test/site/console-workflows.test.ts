/**
 * The managers' workflows in a real browser: a CSV import that merges, private links in bulk and
 * one at a time, errors where the form is and in plain words, confirmations where the person is
 * looking, the heat map's contrast, and the styled 404 page.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { contrast } from "../../web/src/lib/heat";
import { hydrated, launch, screenshot, watchErrors, openPrivateLink } from "./browser";
import { api, privateWorld, signInAs, type PrivateWorld } from "./world";

const site = inject("site");
let browser: Browser;
let w: PrivateWorld;

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, baseURL: site.base, acceptDownloads: true });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

const inView = (el: Locator) =>
  el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= (node.ownerDocument as any).defaultView.innerHeight;
  });
const hasFocus = (el: Locator) => el.evaluate((node) => (node.ownerDocument as any).activeElement === node);
const stored = async (id: string) =>
  (await api("GET", `/v1/programs/${w.slug}/participants?q=${id}`, w.adminKey)).body.participants.find((p: { id: string }) => p.id === id);
const whoIs = async (url: string) => (await api("GET", "/v1/me", url.split("/s/")[1])).status;

beforeAll(async () => {
  [browser, w] = await Promise.all([launch(), privateWorld("tools")]);
});
afterAll(async () => {
  await browser?.close();
});

describe("participants", () => {
  it("a two-column CSV import renames and leaves teams and cohorts as they were", async () => {
    const { context, page, errors } = await newPage();
    await signInAs(context, w.manager);
    await page.goto(`/console/${w.slug}/participants`);
    await hydrated(page);
    // A new id without a name is a problem, not a new participant.
    await page.getByLabel("…or paste it").fill("id,name\ns-01,Ada Renamed\ns-02,Seller 02\nzz-new,\n");
    await page.getByRole("button", { name: "Preview" }).click();
    const counts = page.getByTestId("import-counts");
    await counts.waitFor();
    expect((await counts.textContent())!.replace(/\s+/g, " ").trim()).toBe("3 rows · 0 new · 1 updated · 1 unchanged · 1 with problems");
    expect(await page.locator('tr[data-line="2"] td').last().textContent()).toBe("name: Seller 01 → Ada Renamed");
    expect(await page.locator('tr[data-line="3"] td').last().textContent()).toBe("No change");
    expect(await page.locator('tr[data-line="4"] .error').textContent()).toMatch(/^A new participant needs a name/);
    expect(await page.getByRole("button", { name: /^Import 3 rows/ }).isDisabled()).toBe(true);
    await screenshot(page, "console-import-merge-preview");

    await page.getByLabel("…or paste it").fill("id,name\ns-01,Ada Renamed\ns-02,Seller 02\n");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("2 rows · 0 new · 1 updated · 1 unchanged").waitFor();
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await page.getByRole("status").filter({ hasText: "Imported: 0 added, 1 updated, 1 unchanged." }).waitFor();
    expect(await stored("s-01")).toMatchObject({ displayName: "Ada Renamed", team: "east", cohort: "Leeds" });
    expect(await stored("s-02")).toMatchObject({ displayName: "Seller 02", team: "west", cohort: "Bristol" });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("hands out private links in bulk, as a CSV and as messages, revoking the earlier ones", async () => {
    const old = (await api("POST", `/v1/programs/${w.slug}/participants/s-03/token`, w.adminKey)).body.token as string;
    const { context, page, errors } = await newPage();
    await signInAs(context, w.manager);
    await page.goto(`/console/${w.slug}/participants`);
    await hydrated(page);
    await page.getByLabel("Select Seller 03").check();
    await page.getByLabel("Select Seller 04").check();
    await page.getByRole("button", { name: "Links for the selected" }).click();
    const result = page.getByTestId("invites");
    await result.waitFor();
    expect(await hasFocus(result)).toBe(true);
    const messages = await page.getByLabel("Messages ready to send, one a seller").inputValue();
    expect(messages).toMatch(/^Hi Seller 03,\n\nHere is your private link to Field sales on Leadboard:\nhttps:\/\/leadboard\.example\/s\/lbp_\S+/);
    expect(messages).toContain("Hi Seller 04,");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the links (CSV)" }).click()]);
    expect(download.suggestedFilename()).toBe(`${w.slug}-private-links.csv`);
    const lines = readFileSync((await download.path())!, "utf8")
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe("id,displayName,link");
    expect(lines.map((l) => l.split(",")[0])).toEqual(["id", "s-03", "s-04"]);
    const link = lines[1].split(",")[2];
    expect(messages).toContain(link);
    expect(await whoIs(link)).toBe(200);
    expect(await api("GET", "/v1/me", old).then((r) => r.status), "the earlier link is revoked").toBe(401);
    await screenshot(page, "console-invites");

    await page.getByRole("button", { name: /Links for everyone \(60\)/ }).click();
    await page.getByText("60 new private links").waitFor();
    expect(await whoIs(link), "everyone's new links replace the ones just made").toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a new link and a revocation under the seller's row, focused", async () => {
    const { context, page, errors } = await newPage({ width: 390, height: 700 });
    await signInAs(context, w.manager);
    await page.goto(`/console/${w.slug}/participants?offset=0`);
    await hydrated(page);
    await page.getByRole("button", { name: "New private link for Seller 40" }).click();
    const notice = page.locator("tr.row-notice .notice");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/New private link for Seller 40/);
    expect(await hasFocus(notice)).toBe(true);
    expect(await inView(notice)).toBe(true);
    const url = (await notice.locator("code").textContent())!;
    expect(await whoIs(url)).toBe(200);
    await screenshot(page, "console-new-link-phone");

    await page.getByRole("button", { name: "Revoke the private link of Seller 40" }).click();
    await page
      .locator("tr.row-notice")
      .getByText(/no longer works/)
      .waitFor();
    expect(await inView(page.locator("tr.row-notice .notice"))).toBe(true);
    expect(await whoIs(url)).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("confirms an opt-in and an opt-out beside the button the seller pressed", async () => {
    // A link of its own: the bulk links above replaced the world's.
    const token = (await api("POST", `/v1/programs/${w.slug}/participants/s-55/token`, w.adminKey)).body.token;
    const { context, page, errors } = await newPage({ width: 390, height: 700 });
    await openPrivateLink(page, token);
    await hydrated(page);
    const confirmation = page.getByTestId("opt-confirmation");
    await page.getByRole("button", { name: "Opt in" }).click();
    await confirmation.filter({ hasText: "You are in" }).waitFor();
    await page.getByRole("button", { name: "Opt out" }).click();
    await confirmation.filter({ hasText: "You are out" }).waitFor();
    expect(await inView(confirmation)).toBe(true);
    expect(await hasFocus(confirmation)).toBe(true);
    await screenshot(page, "scorecard-opted-out-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("errors where the form is", () => {
  async function tryProgram(page: Page, values: { name: string; slug: string; timezone: string }) {
    await page.getByLabel("Name").fill(values.name);
    await page.getByLabel("Address").fill(values.slug);
    await page.getByLabel("Time zone").fill(values.timezone);
    await page.getByRole("button", { name: "Create the program" }).click();
  }

  it("a refused new program keeps the inputs and says why beside the field, in plain words", async () => {
    const { context, page, errors } = await newPage({ width: 390, height: 844 });
    await signInAs(context, w.manager);
    await page.goto("/console?all");
    await hydrated(page);
    const values = { name: "Typo zone", slug: `${w.org}-typo`, timezone: "Mars/Olympus" };
    await tryProgram(page, values);
    const error = page.locator("#timezone-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Enter a time zone such as Europe/London or America/New_York.");
    expect(await page.getByLabel("Time zone").getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/console");
    expect(await page.getByLabel("Name").inputValue()).toBe(values.name);
    expect(await page.getByLabel("Address").inputValue()).toBe(values.slug);
    expect(await page.getByLabel("Time zone").inputValue()).toBe(values.timezone);
    expect(await page.getByRole("alert").textContent()).toMatch(/not created/);
    expect(await page.locator("main").textContent()).not.toMatch(/\^|\[a-z|IANA|Invalid input|expected/);
    await screenshot(page, "console-new-program-refused-phone");

    // An address another organisation holds: said beside the address.
    await tryProgram(page, { ...values, slug: "social-selling", timezone: "Europe/Paris" });
    await page.locator("#slug-error").getByText("This address is taken: choose another.").waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe(values.name);
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Paris");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the heat map", () => {
  it("scales each metric on its own and keeps its text at AA contrast", async () => {
    const { context, page } = await newPage();
    await signInAs(context, site.manager);
    await page.goto("/console/social-selling");
    const cells = await page.locator("table.heatmap tbody td").evaluateAll((tds) =>
      tds.map((td: any) => {
        const style = td.ownerDocument.defaultView.getComputedStyle(td);
        return { column: td.cellIndex, color: style.color, background: style.backgroundColor, text: td.textContent };
      }),
    );
    expect(cells.length).toBeGreaterThan(8);
    const rgb = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number);
    for (const c of cells) expect(contrast(rgb(c.color), rgb(c.background)), `${c.text} on ${c.background}`).toBeGreaterThanOrEqual(4.5);
    // Every metric with points has its own darkest cell.
    const columns = new Set(cells.map((c) => c.column));
    for (const column of columns) {
      const own = cells.filter((c) => c.column === column);
      if (own.some((c) => c.text !== "0"))
        expect(
          own.some((c) => c.background === "rgb(12, 74, 110)"),
          `column ${column}`,
        ).toBe(true);
    }
    await context.close();
  });
});

describe("the 404 page", () => {
  it("is styled, in the site's frame, at phone and desktop widths", async () => {
    for (const [viewport, name] of [
      [{ width: 1280, height: 800 }, "desktop"],
      [{ width: 390, height: 844 }, "phone"],
    ] as const) {
      const { context, page, errors } = await newPage(viewport);
      const response = await page.goto("/no/such/page");
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("We could not find that page");
      expect(await page.locator("header.top nav").count()).toBe(1);
      expect(await page.getByRole("link", { name: "The public boards" }).count()).toBe(1);
      await screenshot(page, `error-404-${name}`);
      expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
      await context.close();
    }
  });
});

describe("what ingestion refused", () => {
  it("shows a manager the week's counts and why events did not count, with an example", async () => {
    const posted = await api("POST", `/v1/programs/${w.slug}/events`, w.adminKey, {
      events: [{ id: "ghost-1", participant: "nobody-here", metric: "calls", occurredAt: new Date(Date.now() - 60_000).toISOString(), value: 1 }],
    });
    expect(posted.body.rejected.map((r: { reason: string }) => r.reason)).toEqual(["unknown_participant"]);
    for (const [viewport, name] of [
      [{ width: 1280, height: 800 }, "desktop"],
      [{ width: 390, height: 844 }, "phone"],
    ] as const) {
      const { context, page, errors } = await newPage(viewport);
      await signInAs(context, w.manager);
      await page.goto(`/console/${w.slug}/ingestion`);
      const row = page.getByRole("row", { name: /No participant with that id/ });
      expect(await row.textContent()).toContain("ghost-1");
      expect(await page.getByTestId("ingestion-totals").textContent()).toMatch(/refused/);
      await screenshot(page, `console-ingestion-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
