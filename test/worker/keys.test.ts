import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newOrg, newProgram } from "./api";
import { credentialTexts, expectError, expectInvalidFields, sha256Hex } from "./checks";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const at = apiAt(() => NOW);
const later = apiAt(() => NOW + 3_600_000);

const event = (id: string) => ({ id, participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" });

async function programWithAna() {
  const p = await newProgram(basicDocument(), at);
  await addParticipants(p, [{ id: "ana" }], undefined, at);
  return p;
}

describe("ingest keys", () => {
  it("POST answers 201 with a new ingest key that may post events, stored only as its hash", async () => {
    const p = await programWithAna();
    const res = await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(["key"]);
    expect(res.body.key).toMatch(/^lbi_[A-Za-z0-9_-]{43}$/);
    const texts = await credentialTexts();
    expect(texts).not.toContain(res.body.key);
    expect(texts).toContain(await sha256Hex(res.body.key));
    const posted = await at("POST", `${p.base}/events`, { key: res.body.key, body: { events: [event("e1")] } });
    expect(posted.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it("GET lists the program's ingest keys by prefix, never the secret", async () => {
    const p = await programWithAna();
    const first = (await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const second = (await later("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey });
    const res = await at("GET", `${p.base}/keys`, { key: p.adminKey });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      keys: [
        { prefix: first.slice(0, 12), role: "ingest", createdAt: "2026-12-01T12:00:00.000Z", revokedAt: null },
        { prefix: second.slice(0, 12), role: "ingest", createdAt: "2026-12-01T13:00:00.000Z", revokedAt: null },
      ],
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(first);
    expect(text).not.toContain(second);
  });

  it("GET lists no keys of another program", async () => {
    const p = await programWithAna();
    await at("PUT", `/v1/programs/${p.program}-b`, { key: p.adminKey, body: basicDocument() });
    await at("POST", `/v1/programs/${p.program}-b/keys`, { key: p.adminKey, body: { role: "ingest" } });
    expect((await at("GET", `${p.base}/keys`, { key: p.adminKey })).body).toEqual({ keys: [] });
  });

  it("DELETE revokes a key with 204: it is listed as revoked and refused with 401, other keys still work", async () => {
    const p = await programWithAna();
    const revoked = (await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const kept = (await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    expect((await at("POST", `${p.base}/events`, { key: revoked, body: { events: [event("e1")] } })).body.accepted).toBe(1);

    const res = await later("DELETE", `${p.base}/keys/${revoked.slice(0, 12)}`, { key: p.adminKey });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectError(await at("POST", `${p.base}/events`, { key: revoked, body: { events: [event("e2")] } }), 401, "unauthorized");
    expect((await at("POST", `${p.base}/events`, { key: kept, body: { events: [event("e2")] } })).body.accepted).toBe(1);
    const keys = (await at("GET", `${p.base}/keys`, { key: p.adminKey })).body.keys;
    expect(keys).toEqual([
      { prefix: revoked.slice(0, 12), role: "ingest", createdAt: "2026-12-01T12:00:00.000Z", revokedAt: "2026-12-01T13:00:00.000Z" },
      { prefix: kept.slice(0, 12), role: "ingest", createdAt: "2026-12-01T12:00:00.000Z", revokedAt: null },
    ]);
  });

  it("DELETE of a revoked key answers 204 and keeps the first revocation instant", async () => {
    const p = await programWithAna();
    const key = (await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    expect((await at("DELETE", `${p.base}/keys/${key.slice(0, 12)}`, { key: p.adminKey })).status).toBe(204);
    expect((await later("DELETE", `${p.base}/keys/${key.slice(0, 12)}`, { key: p.adminKey })).status).toBe(204);
    expect((await at("GET", `${p.base}/keys`, { key: p.adminKey })).body.keys[0].revokedAt).toBe("2026-12-01T12:00:00.000Z");
  });

  it("DELETE answers 404 for a prefix that is no ingest key of this program", async () => {
    const p = await programWithAna();
    await at("PUT", `/v1/programs/${p.program}-b`, { key: p.adminKey, body: basicDocument() });
    const otherProgramsKey = (await at("POST", `/v1/programs/${p.program}-b/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const token = (await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
    for (const prefix of ["lbi_nonesuch", otherProgramsKey.slice(0, 12), token.slice(0, 12), p.adminKey.slice(0, 12)]) {
      expectError(await at("DELETE", `${p.base}/keys/${prefix}`, { key: p.adminKey }), 404, "not_found");
    }
    // None of them was revoked.
    expect((await at("GET", `/v1/programs/${p.program}-b/keys`, { key: p.adminKey })).body.keys[0].revokedAt).toBeNull();
    expect((await at("POST", `${p.base}/participants/ana/opt-in`, { key: token })).status).toBe(200);
    expect((await at("GET", p.base, { key: p.adminKey })).status).toBe(200);
  });

  it("422 for a role other than ingest, 415 and 400 for bodies that are not JSON", async () => {
    const p = await programWithAna();
    for (const body of [{ role: "admin" }, { role: "participant" }, {}, { role: "ingest", name: "ci" }]) {
      expectError(await at("POST", `${p.base}/keys`, { key: p.adminKey, body }), 422, "invalid");
    }
    expectInvalidFields(await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "admin" } }), ["role"]);
    expectError(await at("POST", `${p.base}/keys`, { key: p.adminKey, raw: "role=ingest", headers: { "Content-Type": "text/plain" } }), 415);
    expectError(await at("POST", `${p.base}/keys`, { key: p.adminKey, raw: "{role: ingest}", headers: { "Content-Type": "application/json" } }), 400);
    expect((await at("GET", `${p.base}/keys`, { key: p.adminKey })).body.keys).toEqual([]);
  });

  it("401, 403 and 404 for callers who may not manage keys", async () => {
    const p = await programWithAna();
    const ingest = (await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const token = (await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
    const stranger = (await newOrg()).adminKey;
    const calls: [string, string, object?][] = [
      ["POST", `${p.base}/keys`, { role: "ingest" }],
      ["GET", `${p.base}/keys`],
      ["DELETE", `${p.base}/keys/${ingest.slice(0, 12)}`],
    ];
    for (const [method, path, body] of calls) {
      expectError(await at(method, path, { body }), 401, "unauthorized");
      expectError(await at(method, path, { key: ingest, body }), 403, "forbidden");
      expectError(await at(method, path, { key: token, body }), 403, "forbidden");
      expectError(await at(method, path, { key: stranger, body }), 404, "not_found");
    }
    expect((await at("GET", `${p.base}/keys`, { key: p.adminKey })).body.keys).toHaveLength(1);
    expect((await at("POST", `${p.base}/events`, { key: ingest, body: { events: [event("e1")] } })).body.accepted).toBe(1);
  });
});

describe("where an ingest key may post", () => {
  it("403 for an ingest key of another program of the same organisation", async () => {
    const p = await programWithAna();
    await at("PUT", `/v1/programs/${p.program}-b`, { key: p.adminKey, body: basicDocument() });
    const otherKey = (await at("POST", `/v1/programs/${p.program}-b/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    expectError(await at("POST", `${p.base}/events`, { key: otherKey, body: { events: [event("e1")] } }), 403, "forbidden");
  });

  it("404 for an ingest key of another organisation", async () => {
    const p = await programWithAna();
    const q = await newProgram(basicDocument(), at);
    const theirs = (await at("POST", `${q.base}/keys`, { key: q.adminKey, body: { role: "ingest" } })).body.key;
    expectError(await at("POST", `${p.base}/events`, { key: theirs, body: { events: [event("e1")] } }), 404, "not_found");
  });

  it("keeps working after the key's program is updated", async () => {
    const p = await programWithAna();
    const key = (await at("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    await at("PUT", p.base, { key: p.adminKey, body: basicDocument({ name: "Renamed" }) });
    expect((await at("POST", `${p.base}/events`, { key, body: { events: [event("e1")] } })).body.accepted).toBe(1);
  });
});
