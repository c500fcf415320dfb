/**
 * The contract-first API (issue #22): GET /v1/openapi.json lists every SPEC §4 endpoint with its
 * answer schemas, and the test client (api.ts) checks every answer of the worker tests against
 * them; the check itself is shown to fail on a wrong shape here.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { z } from "@hono/zod-openapi";
import { addParticipants, api, apiAt, checkAnswer, declaredRoutes, newProgram, OPERATOR_KEY } from "./api";

/** SPEC §4's endpoints, as its table writes them, with the statuses it names for success. */
const SPEC_ENDPOINTS: [method: string, path: string, success: number[]][] = [
  ["POST", "/v1/orgs", [201]],
  ["PUT", "/v1/programs/{program}", [200, 201]],
  ["GET", "/v1/programs/{program}", [200]],
  ["PUT", "/v1/programs/{program}/participants", [200]],
  ["POST", "/v1/programs/{program}/participants/{id}/opt-in", [200]],
  ["POST", "/v1/programs/{program}/participants/{id}/opt-out", [200]],
  ["POST", "/v1/programs/{program}/participants/{id}/token", [201]],
  ["POST", "/v1/programs/{program}/keys", [201]],
  ["GET", "/v1/programs/{program}/keys", [200]],
  ["DELETE", "/v1/programs/{program}/keys/{prefix}", [204]],
  ["DELETE", "/v1/programs/{program}/participants/{id}", [204]],
  ["POST", "/v1/programs/{program}/events", [200]],
  ["GET", "/v1/programs/{program}/leaderboard", [200]],
  ["GET", "/v1/programs/{program}/participants/{id}/score", [200]],
  ["GET", "/v1/programs/{program}/reports/weekly", [200]],
  ["GET", "/v1/programs/{program}/reports/weekly/{week}", [200, 404]],
  ["POST", "/v1/programs/{program}/reports/weekly/{week}", [201, 409]],
  ["GET", "/v1/programs/{program}/participants/{id}/reports/weekly/{week}", [200]],
];

interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
}

async function openApiDocument() {
  const res = await api("GET", "/v1/openapi.json");
  expect(res.status).toBe(200);
  return res.body as {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };
}

describe("GET /v1/openapi.json", () => {
  it("serves the OpenAPI 3.1 document without a credential, titled Leadboard API v1.1", async () => {
    const doc = await openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Leadboard API v1.1");
    expect(doc.info.version).toBe("1.1");
    // A credential, even one that is not valid, changes nothing: the document is public.
    const withBadKey = await api("GET", "/v1/openapi.json", { key: "not-a-key" });
    expect(withBadKey.status).toBe(200);
    expect(withBadKey.body).toEqual(doc);
  });

  it("lists every SPEC §4 endpoint, each with its answer schemas and the error body", async () => {
    const doc = await openApiDocument();
    for (const [method, path, success] of SPEC_ENDPOINTS) {
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path}`).toBeDefined();
      for (const status of success) expect(Object.keys(operation!.responses), `${method} ${path}`).toContain(String(status));
      // Path parameters as SPEC names them.
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(
        (operation!.parameters ?? [])
          .filter((p) => p.in === "path")
          .map((p) => p.name)
          .sort(),
        `${method} ${path}`,
      ).toEqual(named.sort());
      for (const [status, answer] of Object.entries(operation!.responses)) {
        if (status === "204") expect(answer.content, `${method} ${path} ${status}`).toBeUndefined();
        else expect(answer.content?.["application/json"]?.schema, `${method} ${path} ${status}`).toBeDefined();
        if (Number(status) >= 400 && status !== "422") expect(answer.content!["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
    expect(doc.components.schemas).toHaveProperty("Error");
    expect(doc.components.schemas).toHaveProperty("Invalid");
  });

  it("documents the request bodies of SPEC §4", async () => {
    const doc = await openApiDocument();
    const bodies = SPEC_ENDPOINTS.filter(([method, path]) => doc.paths[path][method.toLowerCase()].requestBody).map(([m, p]) => `${m} ${p}`);
    expect(bodies).toEqual([
      "POST /v1/orgs",
      "PUT /v1/programs/{program}",
      "PUT /v1/programs/{program}/participants",
      "POST /v1/programs/{program}/participants/{id}/opt-in",
      "POST /v1/programs/{program}/participants/{id}/opt-out",
      "POST /v1/programs/{program}/keys",
      "POST /v1/programs/{program}/events",
    ]);
  });

  it("documents every route the app declares, each with a success answer and a 500", async () => {
    const doc = await openApiDocument();
    const routes = declaredRoutes(createApp());
    expect(routes.length).toBeGreaterThan(SPEC_ENDPOINTS.length);
    for (const route of routes) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(
        Object.keys(operation!.responses).some((s) => s.startsWith("2")),
        `${route.method} ${route.path}`,
      ).toBe(true);
      expect(operation!.responses).toHaveProperty("500");
    }
  });
});

describe("the test client's answer check", () => {
  const routes = declaredRoutes(createApp());

  it("accepts an answer of the declared shape", () => {
    expect(() => checkAnswer(routes, "GET", "/v1/programs/social-selling/reports/weekly", 200, { weeks: ["2026-W47"] })).not.toThrow();
    expect(() => checkAnswer(routes, "DELETE", "/v1/programs/social-selling/keys/lbk_3f9a2c", 204, null)).not.toThrow();
    expect(() =>
      checkAnswer(routes, "GET", "/v1/programs/social-selling/leaderboard?limit=1", 404, { error: { code: "not_found", message: "program not found" } }),
    ).not.toThrow();
  });

  it("fails an answer of another shape", () => {
    expect(() => checkAnswer(routes, "GET", "/v1/programs/social-selling/reports/weekly", 200, { weeks: "2026-W47" })).toThrow(/not the declared answer/);
    expect(() => checkAnswer(routes, "GET", "/v1/programs/social-selling/leaderboard", 200, { program: "social-selling", entries: [] })).toThrow(
      /not the declared answer/,
    );
    // A field the document does not declare, however deep.
    expect(() => checkAnswer(routes, "GET", "/v1/programs/social-selling/reports/weekly", 200, { weeks: [], archived: [] })).toThrow(
      /archived: is not a declared field/,
    );
    expect(() =>
      checkAnswer(routes, "GET", "/v1/programs/social-selling/keys", 200, {
        keys: [{ prefix: "lbk_3f9a2c", role: "ingest", createdAt: "2026-11-02T09:00:00Z", revokedAt: null, secret: "lbk_…" }],
      }),
    ).toThrow(/keys\[0\]\.secret: is not a declared field/);
    // An error body must be the error body.
    expect(() => checkAnswer(routes, "GET", "/v1/programs/social-selling/keys", 404, { message: "not found" })).toThrow(/not the declared answer/);
    // A 422's details list each field.
    expect(() =>
      checkAnswer(routes, "POST", "/v1/orgs", 422, { error: { code: "invalid", message: "the request is well-formed but invalid", details: "slug" } }),
    ).toThrow(/not the declared answer/);
  });

  it("fails a status the route does not declare, a body where none is declared, and a route not declared", () => {
    expect(() => checkAnswer(routes, "GET", "/v1/programs/social-selling/keys", 409, { error: { code: "conflict", message: "no" } })).toThrow(
      /does not declare status 409/,
    );
    expect(() => checkAnswer(routes, "DELETE", "/v1/programs/social-selling/keys/lbk_3f9a2c", 204, { revoked: true })).toThrow(/declares none/);
    expect(() => checkAnswer(routes, "GET", "/v1/undeclared", 200, {})).toThrow(/declares no such route/);
  });

  it("matches the most specific route: /participants/check, not a participant named check", () => {
    const check = { valid: true, problems: [], existing: [] };
    expect(() => checkAnswer(routes, "POST", "/v1/programs/social-selling/participants/check", 200, check)).not.toThrow();
    expect(() => checkAnswer(routes, "POST", "/v1/programs/social-selling/participants/check", 200, { upserted: 1 })).toThrow(/participants\/check/);
  });

  it("fails a call of the shared client whose answer is not the declared shape", async () => {
    // The same client, but the document says the stored-report list answers something else.
    const call = apiAt(undefined, (routes) =>
      routes.map((r) =>
        r.method === "GET" && r.path.endsWith("/reports/weekly")
          ? { ...r, responses: { ...r.responses, 200: { content: { "application/json": { schema: z.object({ nothing: z.string() }) } } } } }
          : r,
      ),
    );
    const p = await newProgram();
    await expect(call("GET", `${p.base}/reports/weekly`, { key: p.adminKey })).rejects.toThrow(/reports\/weekly/);
    expect((await call("GET", `${p.base}/leaderboard`, { key: p.adminKey })).status).toBe(200);
  });

  it("runs on every answer of the shared client", async () => {
    // A whole walk through SPEC §4 on the shared client: each answer is checked as it arrives.
    const p = await newProgram();
    await addParticipants(p, [{ id: "p-01", displayName: "Ana Ruiz", team: "uk" }]);
    const key = await api("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
    expect(key.status).toBe(201);
    const posted = await api("POST", `${p.base}/events`, {
      key: key.body.key,
      body: { events: [{ id: "e1", participant: "p-01", metric: "tweet", occurredAt: new Date().toISOString() }, { id: "e2" }] },
    });
    expect(posted.body).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    for (const path of ["/leaderboard", "/leaderboard?scope=team", "/participants/p-01/score", "/reports/weekly", "/keys", ""]) {
      expect((await api("GET", `${p.base}${path}`, { key: p.adminKey })).status).toBe(200);
    }
    expect((await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug: "Not A Slug", name: "" } })).status).toBe(422);
  });
});
