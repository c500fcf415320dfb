/**
 * Test data of the browser tests beyond the demo: an organisation of its own with a private
 * program of 60 ranked sellers (s-01 leads, s-60 last), its manager, and helpers to call the API
 * and to give a browser context a manager's session or a seller's private link.
 */
import type { BrowserContext } from "playwright-core";
import { inject } from "vitest";

const site = inject("site");

export async function api(method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${site.base}${path}`, {
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export interface PrivateWorld {
  org: string;
  slug: string;
  adminKey: string;
  manager: { email: string; password: string };
  /** The seller ranked 55th: below the board's first page of 50. */
  seller: { id: string; name: string; token: string };
}

const sellerName = (i: number) => `Seller ${String(i).padStart(2, "0")}`;

export async function privateWorld(stem: string): Promise<PrivateWorld> {
  const org = `${stem}-${Date.now().toString(36)}`;
  const created = await api("POST", "/v1/orgs", site.operatorKey, { slug: org, name: `${stem} Ltd` });
  if (created.status !== 201) throw new Error(`org: ${JSON.stringify(created.body)}`);
  const adminKey = created.body.adminKey as string;
  const slug = `${org}-team`;
  const doc = {
    name: "Field sales",
    timezone: "Europe/London",
    requireOptIn: false,
    visibility: "private",
    teamAggregation: "mean",
    metrics: [{ key: "calls", name: "Calls made", indicator: "lead", aggregation: "sum", points: 1, dailyCap: null }],
    teams: [
      { key: "east", name: "East", parent: null },
      { key: "west", name: "West", parent: null },
    ],
    targets: [],
  };
  if ((await api("PUT", `/v1/programs/${slug}`, adminKey, doc)).status !== 201) throw new Error("program");
  const participants = Array.from({ length: 60 }, (_, k) => {
    const i = k + 1;
    return { id: `s-${String(i).padStart(2, "0")}`, displayName: sellerName(i), team: i % 2 ? "east" : "west", cohort: i % 2 ? "Leeds" : "Bristol" };
  });
  if ((await api("PUT", `/v1/programs/${slug}/participants`, adminKey, { participants })).status !== 200) throw new Error("participants");
  const at = new Date(Date.now() - 60_000).toISOString();
  // Scores 61 − i: s-01 leads with 60, every score different.
  const events = participants.map((p, k) => ({ id: `e-${p.id}`, participant: p.id, metric: "calls", occurredAt: at, value: 60 - k }));
  const posted = await api("POST", `/v1/programs/${slug}/events`, adminKey, { events });
  if (posted.body?.accepted !== 60) throw new Error(`events: ${JSON.stringify(posted.body)}`);
  const manager = { email: `boss@${org}.test`, password: "a long test password 123" };
  if ((await api("POST", `/v1/orgs/${org}/managers`, site.operatorKey, { ...manager, name: "Bea Boss" })).status !== 201) throw new Error("manager");
  const token = (await api("POST", `/v1/programs/${slug}/participants/s-55/token`, adminKey)).body.token as string;
  return { org, slug, adminKey, manager, seller: { id: "s-55", name: sellerName(55), token } };
}

/** Signs the context in as the manager (a session made through the API, kept in the site's cookie). */
export async function signInAs(context: BrowserContext, manager: { email: string; password: string }): Promise<void> {
  const session = await api("POST", "/v1/sessions", undefined, manager);
  if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.body)}`);
  await context.addCookies([{ name: "lb_session", value: session.body.token, url: site.base, httpOnly: true, sameSite: "Lax" }]);
}
