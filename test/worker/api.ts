/** Test helpers: calls to the API as a client would make them, and fresh organisations and programs. */
import { env } from "cloudflare:workers";
import { createApp } from "../../worker/app";

export const OPERATOR_KEY = "test-operator-key";

export interface Call {
  key?: string;
  body?: unknown;
  /** A raw body, sent as is. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** An API whose clock reads `now()` (the real clock by default). */
export function apiAt(now?: () => number) {
  const app = createApp({ now });
  return async <T = any>(method: string, path: string, call: Call = {}): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...call.headers };
    if (call.key) headers.Authorization = `Bearer ${call.key}`;
    let body: string | undefined = call.raw;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers["Content-Type"] ??= "application/json";
    }
    const response = await app.fetch(new Request(`http://leadboard.test${path}`, { method, headers, body }), env);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };
}

export const api = apiAt();

let counter = 0;
/** A name no other test uses. */
export const unique = (stem: string) => `${stem}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function newOrg(): Promise<{ slug: string; adminKey: string }> {
  const slug = unique("org");
  const res = await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug, name: "Test org" } });
  if (res.status !== 201) throw new Error(`org: ${res.status} ${JSON.stringify(res.body)}`);
  return { slug, adminKey: res.body.adminKey };
}

export const basicDocument = (overrides: Record<string, unknown> = {}) => ({
  name: "Social selling",
  timezone: "Europe/London",
  requireOptIn: true,
  visibility: "private",
  teamAggregation: "mean",
  metrics: [
    { key: "tweet", name: "Tweets", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5 },
    { key: "call-prep", name: "Call preparation", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: null },
    { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null },
  ],
  teams: [
    { key: "emea", name: "EMEA", parent: null },
    { key: "uk", name: "UK", parent: "emea" },
  ],
  targets: [{ key: "uk-weekly", subject: { team: "uk" }, metric: null, period: "week", value: 400 }],
  ...overrides,
});

/** An organisation with one program defined by `doc`. */
export async function newProgram(doc: Record<string, unknown> = basicDocument(), call = api) {
  const org = await newOrg();
  const slug = unique("prog");
  const res = await call("PUT", `/v1/programs/${slug}`, { key: org.adminKey, body: doc });
  if (res.status !== 201) throw new Error(`program: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...org, program: slug, base: `/v1/programs/${slug}` };
}

/** Upserts participants and opts each in at `at`. */
export async function addParticipants(
  p: { base: string; adminKey: string },
  list: { id: string; displayName?: string; team?: string | null; cohort?: string | null }[],
  at = "2020-01-01T00:00:00Z",
  call = api,
) {
  const res = await call("PUT", `${p.base}/participants`, {
    key: p.adminKey,
    body: { participants: list.map((x) => ({ displayName: x.id, team: null, cohort: null, ...x })) },
  });
  if (res.status !== 200) throw new Error(`participants: ${res.status} ${JSON.stringify(res.body)}`);
  for (const x of list) {
    const opt = await call("POST", `${p.base}/participants/${encodeURIComponent(x.id)}/opt-in`, { key: p.adminKey, body: { at } });
    if (opt.status !== 200) throw new Error(`opt-in: ${opt.status} ${JSON.stringify(opt.body)}`);
  }
}
