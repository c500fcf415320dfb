/**
 * The access matrix (SPEC §4's credential table): every endpoint × every kind of credential —
 * none, operator, admin of this and of another organisation, ingest key of this program, of
 * another program of the organisation and of another organisation, participant token of this
 * participant, of another participant and of another organisation, and a revoked key — answers
 * exactly what the table allows: 401 without a valid credential, 403 for a credential of the
 * organisation without the right, 404 for another organisation's private things, and 2xx for the
 * allowed ones. A public program is readable by every caller (by design), a revoked or unknown
 * secret is refused (401) everywhere, public or not. One participant's reads (score card, history,
 * digest) are published only while the participant is ranked (SPEC v1.1 §4): of one not ranked now,
 * anyone but an admin and their own token gets 404, as for an unknown id.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, type Answer, addParticipants, apiAt, basicDocument, newProgram, unique } from "./api";
import { expectError } from "./checks";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);

type Cred = "none" | "operator" | "admin" | "adminOther" | "ingest" | "ingestSibling" | "ingestOther" | "self" | "peer" | "participantOther" | "revoked";
const CREDS: Cred[] = ["none", "operator", "admin", "adminOther", "ingest", "ingestSibling", "ingestOther", "self", "peer", "participantOther", "revoked"];

type Program = Awaited<ReturnType<typeof newProgram>>;

async function ok(res: Answer, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

async function setUp(visibility: "private" | "public") {
  const p = await newProgram(basicDocument({ visibility }), call);
  await addParticipants(
    p,
    [
      { id: "ana", team: "uk" },
      { id: "bo", team: "uk" },
      { id: "cy", team: "uk" },
    ],
    undefined,
    call,
  );
  const key = async (prog: Program) =>
    (await ok(await call("POST", `${prog.base}/keys`, { key: prog.adminKey, body: { role: "ingest" } }), "key")).key as string;
  const token = async (prog: Program, id: string) =>
    (await ok(await call("POST", `${prog.base}/participants/${id}/token`, { key: prog.adminKey }), "token")).token as string;
  // A sibling program of the same organisation.
  const siblingSlug = unique("sib");
  await ok(await call("PUT", `/v1/programs/${siblingSlug}`, { key: p.adminKey, body: basicDocument() }), "sibling");
  const sibling = { ...p, program: siblingSlug, base: `/v1/programs/${siblingSlug}` };
  const other = await newProgram(basicDocument(), call);
  await addParticipants(other, [{ id: "ana" }], undefined, call);
  const revoked = await key(p);
  const revokeRes = await call("DELETE", `${p.base}/keys/${revoked.slice(0, 12)}`, { key: p.adminKey });
  expect(revokeRes.status).toBe(204);
  await ok(
    await call("POST", `${p.base}/events`, {
      key: p.adminKey,
      body: { events: [{ id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" }] },
    }),
    "event",
  );
  // A week that has ended, with its report, for the report reads.
  await ok(await call("POST", `${p.base}/reports/weekly/2026-W47`, { key: p.adminKey }), "report");
  const keys: Record<Cred, string | null> = {
    none: null,
    operator: OPERATOR_KEY,
    admin: p.adminKey,
    adminOther: other.adminKey,
    ingest: await key(p),
    ingestSibling: await key(sibling),
    ingestOther: await key(other),
    self: await token(p, "ana"),
    peer: await token(p, "bo"),
    participantOther: await token(other, "ana"),
    revoked,
  };
  return { p, keys };
}

/** What a caller gets: a 2xx, or an error status. */
type Outcome = "ok" | 401 | 403 | 404 | 409;

interface Endpoint {
  name: string;
  method: string;
  /** The path; may prepare what the call acts on (a fresh victim to erase, a key to revoke). */
  path: (p: Program, cred: Cred) => Promise<string> | string;
  body?: unknown;
  allowed: Cred[];
  /** Readable by every caller where the program is public. */
  publicRead?: boolean;
}

/**
 * Makes "ana" ranked now, so published (SPEC v1.1 §4, "Who is published"): the opt-out row of the
 * matrix opts her out at 2026-11-26T00:00; per-participant reads of a published participant opt her
 * in again, later than that, whatever rows ran before.
 */
async function published(p: Program): Promise<void> {
  const res = await call("POST", `${p.base}/participants/ana/opt-in`, { key: p.adminKey, body: { at: "2026-11-26T06:00:00Z" } });
  expect(res.body, "ana opted in").toMatchObject({ optedIn: true });
}

const ADMIN: Cred[] = ["admin"];
const READERS: Cred[] = ["admin", "self", "peer"];
const SELF: Cred[] = ["admin", "self"];

let victims = 0;
const ENDPOINTS: Endpoint[] = [
  { name: "GET program", method: "GET", path: (p) => p.base, allowed: ADMIN },
  {
    name: "PUT participants",
    method: "PUT",
    path: (p) => `${p.base}/participants`,
    body: { participants: [{ id: "dee", displayName: "Dee", team: null, cohort: null }] },
    allowed: ADMIN,
  },
  {
    name: "DELETE participant",
    method: "DELETE",
    path: async (p) => {
      const id = `victim-${victims++}`;
      await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [{ id, displayName: id, team: null, cohort: null }] } });
      return `${p.base}/participants/${id}`;
    },
    allowed: ADMIN,
  },
  { name: "POST token", method: "POST", path: (p) => `${p.base}/participants/cy/token`, allowed: ADMIN },
  { name: "POST opt-in", method: "POST", path: (p) => `${p.base}/participants/ana/opt-in`, body: { at: "2020-01-01T00:00:00Z" }, allowed: SELF },
  { name: "POST opt-out", method: "POST", path: (p) => `${p.base}/participants/ana/opt-out`, body: { at: "2026-11-26T00:00:00Z" }, allowed: SELF },
  { name: "POST keys", method: "POST", path: (p) => `${p.base}/keys`, body: { role: "ingest" }, allowed: ADMIN },
  { name: "GET keys", method: "GET", path: (p) => `${p.base}/keys`, allowed: ADMIN },
  {
    name: "DELETE key",
    method: "DELETE",
    path: async (p) => {
      const res = await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
      return `${p.base}/keys/${(res.body.key as string).slice(0, 12)}`;
    },
    allowed: ADMIN,
  },
  {
    name: "POST events",
    method: "POST",
    path: (p) => `${p.base}/events`,
    body: { events: [{ id: "m-1", participant: "ana", metric: "tweet", occurredAt: "2026-11-24T11:00:00Z" }] },
    allowed: ["admin", "ingest"],
  },
  { name: "GET leaderboard", method: "GET", path: (p) => `${p.base}/leaderboard?period=all`, allowed: READERS, publicRead: true },
  { name: "GET team leaderboard", method: "GET", path: (p) => `${p.base}/leaderboard?scope=team`, allowed: READERS, publicRead: true },
  { name: "GET score", method: "GET", path: async (p) => (await published(p), `${p.base}/participants/ana/score`), allowed: SELF, publicRead: true },
  { name: "GET reports", method: "GET", path: (p) => `${p.base}/reports/weekly`, allowed: READERS, publicRead: true },
  { name: "GET report", method: "GET", path: (p) => `${p.base}/reports/weekly/2026-W47`, allowed: READERS, publicRead: true },
  { name: "POST report", method: "POST", path: (p) => `${p.base}/reports/weekly/2026-W46`, allowed: ADMIN },
  {
    name: "GET digest",
    method: "GET",
    path: async (p) => (await published(p), `${p.base}/participants/ana/reports/weekly/2026-W47`),
    allowed: SELF,
    publicRead: true,
  },
  {
    name: "POST webhook",
    method: "POST",
    path: (p) => `${p.base}/webhooks`,
    body: { url: "https://example.com/hook", events: ["report.published"] },
    allowed: ADMIN,
  },
  { name: "GET webhooks", method: "GET", path: (p) => `${p.base}/webhooks`, allowed: ADMIN },
  {
    name: "DELETE webhook",
    method: "DELETE",
    path: async (p) => {
      const res = await call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url: "https://example.com/x", events: ["report.published"] } });
      return `${p.base}/webhooks/${res.body.id}`;
    },
    allowed: ADMIN,
  },
  { name: "GET summary", method: "GET", path: (p) => `/v1/programs/${p.program}/summary`, allowed: READERS, publicRead: true },
  { name: "GET participant list", method: "GET", path: (p) => `/v1/programs/${p.program}/participants`, allowed: ADMIN },
  { name: "POST participants check", method: "POST", path: (p) => `/v1/programs/${p.program}/participants/check`, body: { participants: [] }, allowed: ADMIN },
  {
    name: "GET history",
    method: "GET",
    path: async (p) => (await published(p), `/v1/programs/${p.program}/participants/ana/history`),
    allowed: SELF,
    publicRead: true,
  },
  { name: "GET dashboard", method: "GET", path: (p) => `/v1/programs/${p.program}/dashboard`, allowed: ADMIN },
];

/** What the credential table says `cred` gets at `e`. */
function expected(e: Endpoint, cred: Cred, visibility: "private" | "public"): Outcome {
  if (cred === "revoked") return 401;
  if (e.publicRead && visibility === "public") return "ok";
  if (e.allowed.includes(cred)) return "ok";
  if (cred === "none") return 401;
  if (cred === "adminOther" || cred === "ingestOther" || cred === "participantOther") return 404;
  return 403;
}

for (const visibility of ["private", "public"] as const) {
  describe(`the access matrix of a ${visibility} program`, () => {
    let p: Program;
    let keys: Record<Cred, string | null>;
    beforeAll(async () => {
      ({ p, keys } = await setUp(visibility));
    });

    for (const e of ENDPOINTS) {
      it(`${e.method} ${e.name}`, async () => {
        for (const cred of CREDS) {
          const want = expected(e, cred, visibility);
          const path = await e.path(p, cred);
          const res = await call(e.method, path, { key: keys[cred] ?? undefined, body: e.body });
          const what = `${e.name} as ${cred}`;
          if (want === "ok") expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
          else {
            expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(want);
            expectError(res, want);
          }
        }
      });
    }
  });
}

/** One participant's reads (SPEC §4: score card, history, digest), of the participant `id`. */
const PER_PARTICIPANT: { name: string; path: (p: Program, id: string) => string }[] = [
  { name: "score", path: (p, id) => `${p.base}/participants/${id}/score` },
  { name: "history", path: (p, id) => `/v1/programs/${p.program}/participants/${id}/history` },
  { name: "digest", path: (p, id) => `${p.base}/participants/${id}/reports/weekly/2026-W47` },
];

for (const visibility of ["private", "public"] as const) {
  describe(`who is published in a ${visibility} program: a participant not ranked now (SPEC v1.1 §4)`, () => {
    let p: Program;
    let keys: Record<Cred, string | null>;
    const own: Record<string, string> = {};
    beforeAll(async () => {
      ({ p, keys } = await setUp(visibility));
      // "never" never opted in; "gone" opted in, scored in W47, then opted out.
      await ok(
        await call("PUT", `${p.base}/participants`, {
          key: p.adminKey,
          body: { participants: ["never", "gone"].map((id) => ({ id, displayName: id, team: "uk", cohort: null })) },
        }),
        "participants",
      );
      await ok(await call("POST", `${p.base}/participants/gone/opt-in`, { key: p.adminKey, body: { at: "2020-01-01T00:00:00Z" } }), "opt-in");
      await ok(
        await call("POST", `${p.base}/events`, {
          key: p.adminKey,
          body: { events: [{ id: "g1", participant: "gone", metric: "tweet", occurredAt: "2026-11-18T10:00:00Z" }] },
        }),
        "event",
      );
      await ok(await call("POST", `${p.base}/reports/weekly/2026-W47`, { key: p.adminKey }), "report");
      await ok(await call("POST", `${p.base}/participants/gone/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T00:00:00Z" } }), "opt-out");
      for (const id of ["never", "gone"]) own[id] = (await ok(await call("POST", `${p.base}/participants/${id}/token`, { key: p.adminKey }), "token")).token;
    });

    for (const read of PER_PARTICIPANT) {
      it(`GET ${read.name}: 200 to the admin and their own token; to anyone else as for an unknown id`, async () => {
        for (const id of ["never", "gone"]) {
          for (const cred of CREDS) {
            const key = cred === "self" ? own[id] : keys[cred];
            const res = await call("GET", read.path(p, id), { key: key ?? undefined });
            const what = `${read.name} of ${id} as ${cred}: ${JSON.stringify(res.body)}`;
            if (cred === "admin" || cred === "self") {
              expect(res.status, what).toBe(200);
              continue;
            }
            const unknown = await call("GET", read.path(p, "nobody-at-all"), { key: key ?? undefined });
            // Where a reader would see a published participant (a public program), this one is 404.
            const want =
              visibility === "public" && cred !== "revoked"
                ? 404
                : expected({ name: read.name, method: "GET", path: () => "", allowed: SELF }, cred, visibility);
            expect(res.status, what).toBe(want);
            expectError(res, want as number);
            if (want === 404) expect(res.body, what).toEqual(unknown.body);
          }
        }
      });
    }

    if (visibility === "public") {
      it("publishes the participant again once ranked: opted in now, anyone reads them", async () => {
        await ok(await call("POST", `${p.base}/participants/gone/opt-in`, { key: p.adminKey, body: { at: "2026-11-26T01:00:00Z" } }), "opt-in");
        for (const read of PER_PARTICIPANT) {
          for (const cred of ["none", "peer", "adminOther", "participantOther"] as Cred[]) {
            const res = await call("GET", read.path(p, "gone"), { key: keys[cred] ?? undefined });
            expect(res.status, `${read.name} of gone as ${cred}: ${JSON.stringify(res.body)}`).toBe(200);
          }
        }
      });
    }
  });
}

describe("endpoints outside a program", () => {
  let keys: Record<Cred, string | null>;
  beforeAll(async () => {
    ({ keys } = await setUp("private"));
  });

  it("POST /v1/orgs: the operator only (401 without or with a revoked credential, else 403)", async () => {
    for (const cred of CREDS) {
      const res = await call("POST", "/v1/orgs", { key: keys[cred] ?? undefined, body: { slug: unique("o"), name: "O" } });
      if (cred === "operator") expect(res.status).toBe(201);
      else expectError(res, cred === "none" || cred === "revoked" ? 401 : 403);
    }
  });

  it("PUT of another organisation's program slug is refused (409 slug_taken) and changes nothing", async () => {
    const a = await newProgram(basicDocument(), call);
    const b = await newProgram(basicDocument(), call);
    const res = await call("PUT", a.base, { key: b.adminKey, body: basicDocument({ name: "Hijacked" }) });
    expectError(res, 409, "slug_taken");
    expect((await call("GET", a.base, { key: a.adminKey })).body.name).toBe("Social selling");
  });

  it("an unknown program answers 404 to everyone (the same as another organisation's)", async () => {
    for (const cred of ["admin", "adminOther", "ingest"] as Cred[]) {
      expectError(await call("GET", `/v1/programs/${unique("nope")}/keys`, { key: keys[cred]! }), 404, "not_found");
    }
  });
});

describe("keys", () => {
  it("are listed by prefix only, and a revoked key is marked and refused", async () => {
    const p = await newProgram(basicDocument(), call);
    const res = await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
    const secret: string = res.body.key;
    await call("DELETE", `${p.base}/keys/${secret.slice(0, 12)}`, { key: p.adminKey });
    const list = await call("GET", `${p.base}/keys`, { key: p.adminKey });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.keys).toEqual([expect.objectContaining({ prefix: secret.slice(0, 12), role: "ingest", revokedAt: expect.any(String) })]);
    expectError(await call("POST", `${p.base}/events`, { key: secret, body: { events: [] } }), 401);
  });
});
