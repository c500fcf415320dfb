import { describe, expect, it } from "vitest";
import { addParticipants, api, apiAt, basicDocument, newOrg, newProgram } from "./api";
import { credentialTexts, engineRows, expectError, expectInvalidFields, sha256Hex } from "./checks";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const at = apiAt(() => NOW);

const person = (id: string, overrides: Record<string, unknown> = {}) => ({ id, displayName: `Person ${id}`, team: null, cohort: null, ...overrides });

/** The program's participants as its engine stores them; `optedIn` is their latest toggle's state (0 without one). */
async function storedParticipants(slug: string) {
  return engineRows<Record<string, unknown>>(
    slug,
    `SELECT p.id, p.display_name AS displayName, p.team_key AS team, p.cohort,
       COALESCE((SELECT t.opted_in FROM opt_toggles t WHERE t.participant_pk = p.pk ORDER BY t.at DESC, t.seq DESC LIMIT 1), 0) AS optedIn
     FROM participants p ORDER BY p.id`,
  );
}

/** A participant's opt-in history as its engine stores it, in history order. */
async function optToggles(slug: string, id: string) {
  return engineRows<Record<string, unknown>>(
    slug,
    `SELECT t.at, t.opted_in AS optedIn FROM opt_toggles t JOIN participants p ON p.pk = t.participant_pk
     WHERE p.id = ? ORDER BY t.at, t.seq`,
    id,
  );
}

const ingestKey = async (p: { base: string; adminKey: string }) =>
  (await api("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key as string;
const tokenOf = async (p: { base: string; adminKey: string }, id: string) =>
  (await api("POST", `${p.base}/participants/${encodeURIComponent(id)}/token`, { key: p.adminKey })).body.token as string;

describe("PUT /v1/programs/{program}/participants", () => {
  it("inserts participants and answers how many were upserted", async () => {
    const p = await newProgram();
    const res = await api("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [person("ana", { team: "uk", cohort: "London" }), person("bo")] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ upserted: 2 });
    expect(await storedParticipants(p.program)).toEqual([
      { id: "ana", displayName: "Person ana", team: "uk", cohort: "London", optedIn: 0 },
      { id: "bo", displayName: "Person bo", team: null, cohort: null, optedIn: 0 },
    ]);
  });

  it("updates participants that exist, keeping their opt-in", async () => {
    const p = await newProgram();
    await addParticipants(p, [{ id: "ana" }]);
    const res = await api("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [person("ana", { displayName: "Ana Ruiz", team: "emea", cohort: "SMB reps" }), person("cy")] },
    });
    expect(res.body).toEqual({ upserted: 2 });
    expect(await storedParticipants(p.program)).toEqual([
      { id: "ana", displayName: "Ana Ruiz", team: "emea", cohort: "SMB reps", optedIn: 1 },
      { id: "cy", displayName: "Person cy", team: null, cohort: null, optedIn: 0 },
    ]);
  });

  it("takes team and cohort as optional, and ids of any printable characters", async () => {
    const p = await newProgram();
    const ids = ["ana@example.com", "with space", "slash/and?query#hash", "ünïcödé-名前", "x".repeat(128)];
    const res = await api("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: ids.map((id) => ({ id, displayName: id })) } });
    expect(res.body).toEqual({ upserted: ids.length });
    for (const id of ids) {
      const opt = await api("POST", `${p.base}/participants/${encodeURIComponent(id)}/opt-in`, { key: p.adminKey });
      expect(opt.status).toBe(200);
      expect(opt.body.id).toBe(id);
    }
    expect((await storedParticipants(p.program)).every((r) => r.optedIn === 1)).toBe(true);
  });

  it("413 for more than 1000 participants, storing none", async () => {
    const p = await newProgram();
    const participants = Array.from({ length: 1001 }, (_, i) => person(`p${i}`));
    expectError(await api("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants } }), 413, "too_large");
    expect(await storedParticipants(p.program)).toEqual([]);
    expect((await api("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: participants.slice(1) } })).body).toEqual({
      upserted: 1000,
    });
  });

  const invalidLists: [string, unknown, string[]][] = [
    ["an empty list", { participants: [] }, ["participants"]],
    ["no list", {}, ["participants"]],
    ["an id twice", { participants: [person("ana"), person("bo"), person("ana")] }, ["participants[2].id"]],
    ["an unknown team", { participants: [person("ana", { team: "apac" })] }, ["participants[0].team"]],
    ["a missing display name", { participants: [{ id: "ana" }] }, ["participants[0].displayName"]],
    ["an empty id", { participants: [person("")] }, ["participants[0].id"]],
    ["an id of 129 characters", { participants: [person("x".repeat(129))] }, ["participants[0].id"]],
    ["an id with a control character", { participants: [person("a\nb")] }, ["participants[0].id"]],
    ["a numeric id", { participants: [person(7 as unknown as string)] }, ["participants[0].id"]],
    ["an unknown field", { participants: [person("ana", { email: "a@b.c" })] }, ["participants[0].email"]],
  ];

  it.each(invalidLists)("422 for %s, naming the field, storing none", async (_, body, paths) => {
    const p = await newProgram();
    const res = await api("PUT", `${p.base}/participants`, { key: p.adminKey, body: { ...(body as object) } });
    expectInvalidFields(res, paths);
    expect(await storedParticipants(p.program)).toEqual([]);
  });

  it("401, 403 and 404 for callers who may not manage participants", async () => {
    const p = await newProgram();
    await addParticipants(p, [{ id: "ana" }]);
    const body = { participants: [person("mallory")] };
    expectError(await api("PUT", `${p.base}/participants`, { body }), 401, "unauthorized");
    expectError(await api("PUT", `${p.base}/participants`, { key: await ingestKey(p), body }), 403, "forbidden");
    expectError(await api("PUT", `${p.base}/participants`, { key: await tokenOf(p, "ana"), body }), 403, "forbidden");
    expectError(await api("PUT", `${p.base}/participants`, { key: (await newOrg()).adminKey, body }), 404, "not_found");
    expect((await storedParticipants(p.program)).map((r) => r.id)).toEqual(["ana"]);
  });

  it("415 for another content type, 400 for malformed JSON", async () => {
    const p = await newProgram();
    const text = JSON.stringify({ participants: [person("ana")] });
    expectError(await api("PUT", `${p.base}/participants`, { key: p.adminKey, raw: text, headers: { "Content-Type": "text/csv" } }), 415);
    expectError(await api("PUT", `${p.base}/participants`, { key: p.adminKey, raw: `${text}}`, headers: { "Content-Type": "application/json" } }), 400);
  });
});

describe("POST /v1/programs/{program}/participants/{id}/opt-in and /opt-out", () => {
  it("records toggles at the given instants and answers the state", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    const optIn = await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-01T09:00:00+01:00" } });
    expect(optIn.status).toBe(200);
    expect(optIn.body).toEqual({ id: "ana", optedIn: true, at: "2026-11-01T08:00:00.000Z" });
    const optOut = await at("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at: "2026-11-10T00:00:00Z" } });
    expect(optOut.body).toEqual({ id: "ana", optedIn: false, at: "2026-11-10T00:00:00.000Z" });
    expect(await optToggles(p.program, "ana")).toEqual([
      { at: Date.parse("2026-11-01T08:00:00Z"), optedIn: 1 },
      { at: Date.parse("2026-11-10T00:00:00Z"), optedIn: 0 },
    ]);
  });

  it("defaults the instant to now, with or without an empty JSON body", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana"), person("bo")] } });
    const empty = await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey });
    expect(empty.body).toEqual({ id: "ana", optedIn: true, at: new Date(NOW).toISOString() });
    const braces = await at("POST", `${p.base}/participants/bo/opt-in`, { key: p.adminKey, body: {} });
    expect(braces.body).toEqual({ id: "bo", optedIn: true, at: new Date(NOW).toISOString() });
    expect(await optToggles(p.program, "bo")).toEqual([{ at: NOW, optedIn: 1 }]);
  });

  it("lets a participant's own token opt it in and out", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    const token = await tokenOf(p, "ana");
    expect((await at("POST", `${p.base}/participants/ana/opt-in`, { key: token, body: { at: "2026-11-01T00:00:00Z" } })).body.optedIn).toBe(true);
    expect((await at("POST", `${p.base}/participants/ana/opt-out`, { key: token })).body).toEqual({
      id: "ana",
      optedIn: false,
      at: new Date(NOW).toISOString(),
    });
    expect(await storedParticipants(p.program)).toMatchObject([{ id: "ana", optedIn: 0 }]);
  });

  it("409 for a toggle earlier than the latest, storing nothing", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-10T00:00:00Z" } });
    for (const toggle of ["opt-in", "opt-out"]) {
      const res = await at("POST", `${p.base}/participants/ana/${toggle}`, { key: p.adminKey, body: { at: "2026-11-09T23:59:59.999Z" } });
      expectError(res, 409, "toggle_out_of_order");
    }
    expect(await optToggles(p.program, "ana")).toEqual([{ at: Date.parse("2026-11-10T00:00:00Z"), optedIn: 1 }]);
    // A toggle at the same instant as the latest is not earlier.
    expect((await at("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at: "2026-11-10T00:00:00Z" } })).status).toBe(200);
  });

  it("answers a toggle that does not change the state without adding to the history", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    expect((await at("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at: "2026-11-01T00:00:00Z" } })).body.optedIn).toBe(false);
    await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-02T00:00:00Z" } });
    expect((await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-03T00:00:00Z" } })).body.optedIn).toBe(true);
    expect(await optToggles(p.program, "ana")).toEqual([{ at: Date.parse("2026-11-02T00:00:00Z"), optedIn: 1 }]);
  });

  it("422 for an instant that is not RFC 3339 or lies ahead of the clock", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    for (const bad of ["2026-11-01", "2026-11-01T00:00:00", "2026-11-31T00:00:00Z", "yesterday", 1767225600000]) {
      expectInvalidFields(await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: bad } }), ["at"]);
    }
    expectInvalidFields(await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { when: "2026-11-01T00:00:00Z" } }), ["when"]);
    const soon = new Date(NOW + 5 * 60_000 + 1).toISOString();
    expectInvalidFields(await at("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: soon } }), ["at"]);
    expect(await optToggles(p.program, "ana")).toEqual([]);
  });

  it("415 for a body of another type, 400 for malformed JSON", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    const path = `${p.base}/participants/ana/opt-in`;
    expectError(await at("POST", path, { key: p.adminKey, raw: `{"at":"2026-11-01T00:00:00Z"}`, headers: { "Content-Type": "text/plain" } }), 415);
    expectError(await at("POST", path, { key: p.adminKey, raw: `{"at":`, headers: { "Content-Type": "application/json" } }), 400, "malformed");
  });

  it("401, 403 and 404 for callers who may not toggle this participant", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana"), person("bo")] } });
    const other = await at("PUT", `/v1/programs/${p.program}-other`, { key: p.adminKey, body: basicDocument() });
    expect(other.status).toBe(201);
    await at("PUT", `/v1/programs/${p.program}-other/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    const otherProgramsAna = (await api("POST", `/v1/programs/${p.program}-other/participants/ana/token`, { key: p.adminKey })).body.token;

    for (const toggle of ["opt-in", "opt-out"]) {
      const path = `${p.base}/participants/ana/${toggle}`;
      expectError(await at("POST", path), 401, "unauthorized");
      expectError(await at("POST", path, { key: "lbp_forged-token-of-no-one" }), 401, "unauthorized");
      expectError(await at("POST", path, { key: await tokenOf(p, "bo") }), 403, "forbidden");
      expectError(await at("POST", path, { key: otherProgramsAna }), 403, "forbidden");
      expectError(await at("POST", path, { key: await ingestKey(p) }), 403, "forbidden");
      expectError(await at("POST", path, { key: (await newOrg()).adminKey }), 404, "not_found");
    }
    expectError(await at("POST", `${p.base}/participants/nobody/opt-in`, { key: p.adminKey }), 404, "not_found");
    expectError(await at("POST", `/v1/programs/no-such-program-here/participants/ana/opt-in`, { key: p.adminKey }), 404, "not_found");
    expect(await optToggles(p.program, "ana")).toEqual([]);
  });
});

describe("POST /v1/programs/{program}/participants/{id}/token", () => {
  it("answers 201 with a new token, stored only as its hash, which revokes the earlier one", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    const first = await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body)).toEqual(["token"]);
    expect(first.body.token).toMatch(/^lbp_[A-Za-z0-9_-]{43}$/);
    const second = (await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
    expect(second).not.toBe(first.body.token);

    const texts = await credentialTexts();
    expect(texts).not.toContain(first.body.token);
    expect(texts).toContain(await sha256Hex(first.body.token));
    expect((await at("POST", `${p.base}/participants/ana/opt-in`, { key: second })).status).toBe(200);
    expect((await at("POST", `${p.base}/participants/ana/opt-in`, { key: first.body.token })).status).toBe(401);
  });

  it("404 for a participant that does not exist; 401, 403 and 404 for callers who may not make tokens", async () => {
    const p = await newProgram(basicDocument(), at);
    await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person("ana")] } });
    expectError(await at("POST", `${p.base}/participants/nobody/token`, { key: p.adminKey }), 404, "not_found");
    const path = `${p.base}/participants/ana/token`;
    expectError(await at("POST", path), 401);
    expectError(await at("POST", path, { key: await tokenOf(p, "ana") }), 403, "forbidden");
    expectError(await at("POST", path, { key: await ingestKey(p) }), 403, "forbidden");
    expectError(await at("POST", path, { key: (await newOrg()).adminKey }), 404, "not_found");
  });

  it("gives a token no right to manage the program or post events", async () => {
    const p = await newProgram(basicDocument(), at);
    await addParticipants(p, [{ id: "ana" }], undefined, at);
    const token = await tokenOf(p, "ana");
    expectError(await at("GET", p.base, { key: token }), 403);
    expectError(await at("GET", `${p.base}/keys`, { key: token }), 403);
    expectError(await at("POST", `${p.base}/keys`, { key: token, body: { role: "ingest" } }), 403);
    const event = { id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" };
    expectError(await at("POST", `${p.base}/events`, { key: token, body: { events: [event] } }), 403);
  });
});

describe("participant ids a URL could never reach", () => {
  it('refuses "." and ".." with 422', async () => {
    const p = await newProgram();
    for (const id of [".", ".."]) {
      const res = await api("PUT", `${p.base}/participants`, {
        key: p.adminKey,
        body: { participants: [{ id, displayName: "Dot", team: null, cohort: null }] },
      });
      expect({ id, status: res.status, path: res.body.error.details[0].path }).toEqual({ id, status: 422, path: "participants[0].id" });
    }
  });
});
