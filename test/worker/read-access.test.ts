/**
 * Who may read boards and score cards (SPEC §4's credential table): anyone for a public program;
 * for a private one an admin of its organisation, or a participant token of the program (boards,
 * and its own score only). Other credentials get 401, 403, or 404 for another organisation's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, addParticipants, apiAt, basicDocument, newOrg, newProgram } from "./api";
import { expectError } from "./checks";
import { type Program, board, post, score } from "./reads";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);

async function token(p: Program, id: string): Promise<string> {
  const res = await call("POST", `${p.base}/participants/${id}/token`, { key: p.adminKey });
  expect(res.status).toBe(201);
  return res.body.token;
}

async function ingestKey(p: Program): Promise<string> {
  const res = await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
  expect(res.status).toBe(201);
  return res.body.key;
}

/** Every read, as [what, answer]: individual and team boards, and two score cards. */
const reads = (p: Program, key: string | null) =>
  [
    ["board", () => board(call, p, {}, key)],
    ["team board", () => board(call, p, { scope: "team" }, key)],
    ["ana's score", () => score(call, p, "ana", {}, key)],
    ["bo's score", () => score(call, p, "bo", {}, key)],
  ] as const;

async function setUp(visibility: "private" | "public") {
  const p = await newProgram(basicDocument({ visibility }), call);
  await addParticipants(
    p,
    [
      { id: "ana", team: "uk" },
      { id: "bo", team: "uk" },
    ],
    undefined,
    call,
  );
  await post(call, p, [{ participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" }]);
  return p;
}

describe("a private program", () => {
  let p: Program;
  beforeAll(async () => {
    p = await setUp("private");
  });

  it("is readable whole by an admin of its organisation", async () => {
    for (const [what, read] of reads(p, p.adminKey)) expect((await read()).status, what).toBe(200);
  });

  it("answers 401 without a credential, or with one that is not valid", async () => {
    for (const key of [null, "not-a-real-key", `${p.adminKey}x`]) {
      for (const [, read] of reads(p, key)) expectError(await read(), 401);
    }
    expectError(await call("GET", `${p.base}/leaderboard`, { headers: { Authorization: `Basic ${btoa("a:b")}` } }), 401);
    // Before saying whether the participant exists.
    expectError(await score(call, p, "nobody", {}, null), 401);
  });

  it("lets a participant token read the boards and its own score, not another's (403)", async () => {
    const ana = await token(p, "ana");
    expect((await board(call, p, {}, ana)).status).toBe(200);
    expect((await board(call, p, { scope: "team", period: "all" }, ana)).status).toBe(200);
    const own = await score(call, p, "ana", {}, ana);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: "ana", score: 2, rank: 1 });
    expectError(await score(call, p, "bo", {}, ana), 403);
    // An unknown participant answers as another participant does: nothing leaks.
    expectError(await score(call, p, "nobody", {}, ana), 403);
  });

  it("still lets an opted-out participant read its own score", async () => {
    const bo = await token(p, "bo");
    expect((await call("POST", `${p.base}/participants/bo/opt-out`, { key: bo, body: {} })).status).toBe(200);
    const own = await score(call, p, "bo", {}, bo);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: "bo", rank: null, of: null, percentile: null, cohort: null });
    expect((await call("POST", `${p.base}/participants/bo/opt-in`, { key: bo, body: {} })).status).toBe(200);
  });

  it("refuses an ingest key (403)", async () => {
    const key = await ingestKey(p);
    for (const [what, read] of reads(p, key)) expect((await read()).status, what).toBe(403);
    expectError(await board(call, p, {}, key), 403);
  });

  it("refuses a token or an ingest key of another program of the organisation (403)", async () => {
    const res = await call("PUT", `${p.base}-two`, { key: p.adminKey, body: basicDocument() });
    expect(res.status).toBe(201);
    const other = { ...p, base: `${p.base}-two`, program: `${p.program}-two` };
    await addParticipants(other, [{ id: "ana" }], undefined, call);
    for (const key of [await token(other, "ana"), await ingestKey(other)]) {
      for (const [what, read] of reads(p, key)) {
        expect((await read()).status, what).toBe(403);
      }
    }
  });

  it("hides it from another organisation's admin (404), and refuses the operator key (403)", async () => {
    const stranger = await newOrg();
    for (const [, read] of reads(p, stranger.adminKey)) expectError(await read(), 404);
    for (const [, read] of reads(p, OPERATOR_KEY)) expectError(await read(), 403);
  });
});

describe("a public program", () => {
  let p: Program;
  beforeAll(async () => {
    p = await setUp("public");
  });

  it("is readable without a credential: boards and every score card", async () => {
    for (const [what, read] of reads(p, null)) expect((await read()).status, what).toBe(200);
    const res = await score(call, p, "ana", {}, null);
    expect(res.body).toMatchObject({ id: "ana", score: 2, rank: 1, of: 2 });
    expectError(await score(call, p, "nobody", {}, null), 404);
  });

  it("lets a participant token read another participant's score", async () => {
    const ana = await token(p, "ana");
    expect((await score(call, p, "bo", {}, ana)).status).toBe(200);
  });

  it("still refuses a credential that is not valid (401)", async () => {
    expectError(await board(call, p, {}, "not-a-real-key"), 401);
  });
});

describe("a public program read with another organisation's credential", () => {
  it("answers like an anonymous read: public means public to every caller", async () => {
    const p = await setUp("public");
    const other = await newOrg();
    for (const [what, read] of reads(p, other.adminKey)) {
      const res = await read();
      expect({ what, status: res.status }).toEqual({ what, status: 200 });
    }
  });
});

describe("a participant's read with a query that is not valid", () => {
  it("answers as for the participant first: 404 unknown or unpublished, 403 another's in a private program, else 422", async () => {
    const open = await setUp("public");
    await call("POST", `${open.base}/participants/bo/opt-out`, { key: open.adminKey, body: {} });
    for (const id of ["nobody", "bo"]) {
      expectError(await score(call, open, id, { period: "decade" }, null), 404, "not_found");
      expectError(await call("GET", `${open.base}/participants/${id}/history?weeks=0`), 404, "not_found");
    }
    expectError(await score(call, open, "ana", { period: "decade" }, null), 422, "invalid");

    const closed = await setUp("private");
    const ana = await token(closed, "ana");
    expectError(await score(call, closed, "bo", { period: "decade" }, ana), 403, "forbidden");
    expectError(await score(call, closed, "ana", { period: "decade" }, ana), 422, "invalid");
  });
});
