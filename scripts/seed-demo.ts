/** Seeds the demo organisation and its public program through the HTTP API, as any client would. */
import { randomBytes } from "node:crypto";
import { demoReadings } from "./demo/game.ts";
import { DEMO_SLUG, DEMO_TIMEZONE, demoDocument, demoParticipants } from "./demo/social-selling.ts";
import { DEMO_WEEKS, demoEvents, PLANTED, reweightDay } from "./demo/social-selling-events.ts";
import { hasEnded, localDateOf, parseLocalDate, periodAfter, periodOf } from "../scoring/periods.ts";

const DAY_MS = 86_400_000;

async function call(base: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function seedDemo(base: string, operatorKey: string, now = Date.now()) {
  const { adminKey } = await call(base, operatorKey, "POST", "/v1/orgs", { slug: "demo", name: "Demo Sales Ltd" });
  const program = `/v1/programs/${DEMO_SLUG}`;
  const start = new Date(now - (DEMO_WEEKS + 1) * 7 * DAY_MS).toISOString();
  const today = localDateOf(now, DEMO_TIMEZONE);
  await call(base, adminKey, "PUT", program, demoDocument(start.slice(0, 10), today));

  const participants = demoParticipants();
  await call(base, adminKey, "PUT", `${program}/participants`, {
    participants: participants.map(({ id, displayName, team, cohort }) => ({ id, displayName, team, cohort })),
  });
  for (const p of participants.filter((x) => x.optedIn)) {
    await call(base, adminKey, "POST", `${program}/participants/${p.id}/opt-in`, { at: start });
  }

  const { key: ingestKey } = await call(base, adminKey, "POST", `${program}/keys`, { role: "ingest" });
  const events = [...demoEvents(now, participants), ...demoReadings(now - 8 * 7 * DAY_MS, now, participants)];
  let accepted = 0;
  for (let i = 0; i < events.length; i += 1000) {
    const result = await call(base, ingestKey, "POST", `${program}/events`, { events: events.slice(i, i + 1000) });
    accepted += result.accepted;
  }
  // The planted weight change: social posts re-weighted from a past Monday on (the insights' trends mark it).
  const reweighted = demoDocument(start.slice(0, 10), today);
  const changed = reweighted.metrics.find((m) => m.key === PLANTED.reweight.metric)!;
  Object.assign(changed, { points: PLANTED.reweight.points, effectiveFrom: reweightDay(now) });
  await call(base, adminKey, "PUT", program, reweighted);
  const sellerId = participants[0].id;
  const { token: sellerToken } = await call(base, adminKey, "POST", `${program}/participants/${sellerId}/token`);
  const reports = await publishReports(base, adminKey, start, now);
  const manager = await createDemoManager(base, operatorKey);
  return { adminKey, ingestKey, sellerId, sellerToken, manager, accepted, reports };
}

export const DEMO_MANAGER_EMAIL = "manager@demo.leadboard.test";

/** The demo's console account, made through the operator-only endpoint, as `npm run manager` does. */
export async function createDemoManager(base: string, operatorKey: string) {
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  await call(base, operatorKey, "POST", "/v1/orgs/demo/managers", { email: DEMO_MANAGER_EMAIL, name: "Morgan Manager", password });
  return { email: DEMO_MANAGER_EMAIL, password };
}

/**
 * The Power 100 of every week of the demo that has ended. The scheduled job publishes them on
 * Cloudflare; under `wrangler dev` crons do not run, so the seed asks for them, oldest first.
 */
export async function publishReports(base: string, adminKey: string, startIso: string, now = Date.now()) {
  let week = periodOf("week", parseLocalDate(startIso.slice(0, 10))!);
  const today = parseLocalDate(localDateOf(now, DEMO_TIMEZONE))!;
  let published = 0;
  while (hasEnded(week, DEMO_TIMEZONE, now) && week.firstDay! <= today.toString()) {
    await call(base, adminKey, "POST", `/v1/programs/${DEMO_SLUG}/reports/weekly/${week.label}`);
    published++;
    week = periodAfter(week);
  }
  return published;
}
