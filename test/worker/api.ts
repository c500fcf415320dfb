/** Test helpers: calls to the API as a client would make them, and fresh organisations and programs. */
import { env } from "cloudflare:workers";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import { createApp } from "../../worker/app";
import { errorSchema } from "../../worker/schemas/common";

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

/** A route as the app declares it in its OpenAPI document: the answers it may give, by status. */
export interface DeclaredRoute {
  method: string;
  /** The documented path, `{program}` style. */
  path: string;
  pattern: RegExp;
  /** How many segments are fixed text: of two routes that match, the one with more wins (`/participants/check` over `/participants/{id}`). */
  literals: number;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The routes `app` declares (worker/openapi.ts `handle`), most specific first. */
export function declaredRoutes(app: OpenAPIHono<any>): DeclaredRoute[] {
  return app.openAPIRegistry.definitions
    .flatMap((d) => (d.type === "route" ? [d.route] : []))
    .map((r) => {
      const segments = r.path.split("/");
      return {
        method: r.method.toUpperCase(),
        path: r.path,
        pattern: new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}$`),
        literals: segments.filter((s) => !s.startsWith("{")).length,
        responses: r.responses as DeclaredRoute["responses"],
      };
    })
    .sort((a, b) => b.literals - a.literals);
}

/** Paths the app serves that are not API routes, so not in the document. */
const UNDECLARED = new Set(["/v1/openapi.json"]);

/**
 * Checks an answer against the declared schema of the route it matched and its status: throws
 * (failing the test) where the route or status is not declared, or the body is not of its shape.
 * An answer of no route must be the error body (404 `not_found`).
 */
export function checkAnswer(routes: readonly DeclaredRoute[], method: string, path: string, status: number, body: unknown): void {
  const pathname = new URL(path, "http://leadboard.test").pathname;
  if (UNDECLARED.has(pathname)) return;
  const route = routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(pathname));
  const where = `${method} ${pathname} answered ${status}`;
  if (!route) {
    if (status !== 404) throw new Error(`${where}, but the OpenAPI document declares no such route`);
    expectShape(errorSchema, body, where);
    return;
  }
  const declared = route.responses[String(status)];
  if (!declared) throw new Error(`${where}: ${route.method} ${route.path} does not declare status ${status}`);
  const schema = declared.content?.["application/json"]?.schema as z.ZodType | undefined;
  if (!schema) {
    if (body !== null) throw new Error(`${where} with a body, but ${route.method} ${route.path} declares none for ${status}`);
    return;
  }
  expectShape(schema, body, `${where} (${route.method} ${route.path})`);
}

/**
 * The body must parse, and hold no field the schema leaves out: an object schema strips unknown
 * keys, so a field of the body missing from the parsed value is a field the document does not
 * declare (the published schemas stay open to additions; the tests keep them complete).
 */
function expectShape(schema: z.ZodType, body: unknown, where: string): void {
  const result = schema.safeParse(body);
  const problems = result.success
    ? undeclaredFields(body, result.data).map((path) => `  ${path}: is not a declared field`)
    : result.error.issues.map((i) => `  ${i.path.join(".") || "(body)"}: ${i.message}`);
  if (problems.length === 0) return;
  throw new Error(`${where}, not the declared answer:\n${problems.join("\n")}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
}

/** The paths of `sent`'s fields that `parsed` (its value through the schema) dropped. */
export function undeclaredFields(sent: unknown, parsed: unknown, path = ""): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((x, i) => undeclaredFields(x, parsed[i], `${path}[${i}]`));
  if (!isRecord(sent) || !isRecord(parsed)) return [];
  return Object.keys(sent).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    return key in parsed ? undeclaredFields(sent[key], parsed[key], at) : [at];
  });
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** An API whose clock reads `now()` (the real clock by default); each JSON answer is checked against its declared schema. */
export function apiAt(now?: () => number, declared: (routes: DeclaredRoute[]) => DeclaredRoute[] = (routes) => routes) {
  const app = createApp({ now });
  const routes = declared(declaredRoutes(app));
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
    const answer = { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    checkAnswer(routes, method, path, answer.status, answer.body);
    return answer;
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
