/** playwright-core driving Debian's chromium (never a downloaded browser), and screenshots as test artefacts. */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = path.resolve("test-results", "screenshots");

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The errors a page reports, for a test to expect none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Console errors too: a blocked script (content security policy) or a failed load shows there.
  page.on("console", (m) => {
    // A form answered 401 or 422 is logged as a failed load too; those answers are the tests' own doing.
    if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of 4(01|22|29)\b/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/** Waits until the page's scripts have taken over (the root layout marks it), so enhanced forms behave as scripted. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Opens a seller's private link as a person does: the link shows a confirm page, whose button opens their scorecard. */
export async function openPrivateLink(page: Page, token: string): Promise<void> {
  await page.goto(`/s/${token}`);
  await page.getByRole("button", { name: "Open my scorecard" }).click();
  await page.waitForURL(/\/me$/);
}
