import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, basicDocument, newOrg, newProgram, OPERATOR_KEY, unique } from "./api";
import { credentialTexts, expectError, expectInvalidFields, sha256Hex } from "./checks";

describe("POST /v1/orgs", () => {
  it("lets the operator create an organisation and answers its admin key once", async () => {
    const slug = unique("acme");
    const res = await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug, name: "Acme Ltd" } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["adminKey", "name", "slug"]);
    expect(res.body).toMatchObject({ slug, name: "Acme Ltd" });
    expect(res.body.adminKey).toMatch(/^lba_[A-Za-z0-9_-]{43}$/);

    const program = await api("PUT", `/v1/programs/${unique("prog")}`, { key: res.body.adminKey, body: basicDocument() });
    expect(program.status).toBe(201);
  });

  it("stores the admin key only as its hash", async () => {
    const { adminKey } = await newOrg();
    const texts = await credentialTexts();
    expect(texts).not.toContain(adminKey);
    expect(texts).toContain(await sha256Hex(adminKey));
  });

  it("refuses a slug another organisation holds with 409 slug_taken", async () => {
    const { slug } = await newOrg();
    const res = await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug, name: "Someone else" } });
    expectError(res, 409, "slug_taken");
    const { results } = await env.DB.prepare("SELECT name FROM orgs WHERE slug = ?").bind(slug).all();
    expect(results).toEqual([{ name: "Test org" }]);
  });

  it("answers 422 naming each invalid field", async () => {
    const res = await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug: "Not A Slug", name: "" } });
    expectInvalidFields(res, ["slug", "name"]);
    expectInvalidFields(await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { name: "No slug" } }), ["slug"]);
    expectInvalidFields(await api("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug: "-leading-dash", name: "x" } }), ["slug"]);
  });

  it("answers 415 for a body that is not JSON and 400 for malformed JSON", async () => {
    expectError(
      await api("POST", "/v1/orgs", { key: OPERATOR_KEY, raw: "slug=a&name=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      415,
      "unsupported_media_type",
    );
    expectError(await api("POST", "/v1/orgs", { key: OPERATOR_KEY, raw: `{"slug": "a",`, headers: { "Content-Type": "application/json" } }), 400, "malformed");
  });

  describe("refuses every credential but the operator key", () => {
    it("401 without a credential", async () => {
      expectError(await api("POST", "/v1/orgs", { body: { slug: unique("x"), name: "x" } }), 401, "unauthorized");
    });

    it("401 for a wrong operator key", async () => {
      expectError(await api("POST", "/v1/orgs", { key: `${OPERATOR_KEY}-not`, body: { slug: unique("x"), name: "x" } }), 401);
    });

    it("401 for a malformed Authorization header", async () => {
      for (const authorization of [OPERATOR_KEY, `Basic ${OPERATOR_KEY}`, "Bearer", "Bearer ", `Bearer ${OPERATOR_KEY} extra`]) {
        const res = await api("POST", "/v1/orgs", { headers: { Authorization: authorization }, body: { slug: unique("x"), name: "x" } });
        expectError(res, 401, "unauthorized");
      }
    });

    it("403 for an admin key, an ingest key and a participant token", async () => {
      const p = await newProgram();
      const ingest = await api("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
      await api("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [{ id: "ana", displayName: "Ana" }] } });
      const token = await api("POST", `${p.base}/participants/ana/token`, { key: p.adminKey });
      for (const key of [p.adminKey, ingest.body.key, token.body.token]) {
        expectError(await api("POST", "/v1/orgs", { key, body: { slug: unique("x"), name: "x" } }), 403, "forbidden");
      }
    });
  });
});
