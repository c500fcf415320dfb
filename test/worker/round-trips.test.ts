/**
 * Every D1 round trip of a read costs latency (and, under miniflare, about a millisecond of CPU),
 * and a request waits for each in turn. The hot reads must travel in few of them: the credential,
 * the program and the participant a path names go out as one batch; a board's figures, or a score
 * card's score, ranks and figures, as another. Counted here at the D1 binding.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { addParticipants, apiAt, basicDocument, newProgram, unique } from "./api";
import { scoreWaiting } from "./checks";
import { type Program, post, query } from "./reads";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);

interface Trips {
  /** Every call that goes to D1: a batch, or one statement's first/all/run/raw. */
  total: number;
  /** Round trips one after another: a call made while none was in flight starts a new one. */
  sequential: number;
}

type Statement = D1PreparedStatement;

/** env.DB, counting the round trips made through it into `trips`, and the SQL it prepares into `prepared`. */
function countingD1(trips: Trips, prepared: string[] = []): D1Database {
  let inFlight = 0;
  const trip = <T>(run: () => Promise<T>): Promise<T> => {
    trips.total++;
    if (inFlight++ === 0) trips.sequential++;
    return run().finally(() => inFlight--);
  };
  // Own properties on the real statement objects, so that D1's batch still takes them as its own.
  const counted = (statement: Statement): Statement => {
    for (const method of ["first", "all", "run", "raw"] as const) {
      const real = (statement[method] as (...args: unknown[]) => Promise<unknown>).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => trip(() => real(...args));
    }
    const bind = statement.bind.bind(statement);
    statement.bind = (...params: unknown[]) => counted(bind(...params));
    return statement;
  };
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (text: string) => (prepared.push(text), counted(target.prepare(text)));
      if (prop === "batch") return (statements: Statement[]) => trip(() => target.batch(statements));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("D1 round trips of the hot reads", () => {
  let p: Program & { slug: string };
  const app = createApp({ now: () => NOW });

  /**
   * GETs `path` under the program with the admin key; answers the round trips it took. Events
   * posted before wait to be scored unless `waiting` keeps them so, then the read scores them first.
   */
  async function tripsOf(path: string, key = p.adminKey, { waiting = false } = {}) {
    if (!waiting) await scoreWaiting();
    const trips: Trips = { total: 0, sequential: 0 };
    const res = await app.fetch(
      new Request(`http://leadboard.test${p.base}${path}`, { headers: { Authorization: `Bearer ${key}` } }),
      { ...env, DB: countingD1(trips) },
    );
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return trips;
  }

  beforeAll(async () => {
    p = await newProgram(
      basicDocument({
        targets: [
          { key: "t", subject: { participant: "p1" }, metric: "tweet", period: "week", value: 5 },
          { key: "s", subject: { participant: "p1" }, metric: null, period: "month", value: 5 },
        ],
      }),
      call,
    );
    const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
    await addParticipants(p, ids.map((id, i) => ({ id, team: i % 2 ? "uk" : "emea", cohort: i % 3 ? "London" : null })), undefined, call);
    await post(call, p, ids.map((participant, i) => ({ participant, metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value: i + 1 })));
    await addParticipants(p, ["z0", "z1", "z2", "z3", "z4"].map((id) => ({ id })), undefined, call); // no events: they score 0
  });

  it("counts the round trips it is meant to count (the check itself can fail)", async () => {
    const trips: Trips = { total: 0, sequential: 0 };
    const d1 = countingD1(trips);
    await d1.prepare("SELECT 1").first();
    await Promise.all([d1.prepare("SELECT ?").bind(1).all(), d1.batch([d1.prepare("SELECT 2"), d1.prepare("SELECT ?").bind(3)])]);
    expect(trips).toEqual({ total: 3, sequential: 2 });
  });

  it("reads an individual board page in 2: credential and program, then the page and its counts", async () => {
    expect(await tripsOf(`/leaderboard${query({ limit: 5 })}`)).toEqual({ total: 2, sequential: 2 });
  });

  it("scores events that wait to be scored in one more round trip, before the reads that need them", async () => {
    await post(call, p, [{ participant: "p0", metric: "call-prep", occurredAt: "2026-11-25T10:00:00Z", value: 100 }]);
    expect(await tripsOf(`/leaderboard${query({ limit: 5 })}`, p.adminKey, { waiting: true })).toEqual({ total: 3, sequential: 3 });
    const top = await call("GET", `${p.base}/leaderboard${query({ limit: 1 })}`, { key: p.adminKey });
    expect(top.body.entries[0]).toMatchObject({ id: "p0", score: 50.5 }); // 1 and 100 call preps at 0.5
    expect(await tripsOf(`/leaderboard${query({ limit: 5 })}`, p.adminKey, { waiting: true })).toEqual({ total: 2, sequential: 2 });
  });

  it("reads a page around a participant in 3: credential and program; the participant and the board's size; both sides of it and the count ahead of it", async () => {
    expect(await tripsOf(`/leaderboard${query({ around: "z2", limit: 3 })}`)).toEqual({ total: 3, sequential: 3 });
  });

  it("reads a page around a participant with a score in 3 too: the count ahead of the entry half a page before them goes with the rows", async () => {
    expect(await tripsOf(`/leaderboard${query({ around: "p4", limit: 3 })}`)).toEqual({ total: 3, sequential: 3 });
    expect(await tripsOf(`/leaderboard${query({ around: "p6", limit: 5 })}`)).toEqual({ total: 3, sequential: 3 });
  });

  it("reads the next page of a board in 2: credential and program, then the page with the count ahead of its cursor", async () => {
    const first = await call("GET", `${p.base}/leaderboard${query({ limit: 2 })}`, { key: p.adminKey });
    expect(await tripsOf(`/leaderboard${query({ limit: 2, cursor: first.body.nextCursor })}`)).toEqual({ total: 2, sequential: 2 });
  });

  /** Posts three new events with the credential; answers the status and the round trips (and fills `prepared`). */
  async function postTrips(key: string, prepared: string[] = []) {
    const trips: Trips = { total: 0, sequential: 0 };
    const events = [1, 2, 3].map((n) => ({ id: unique("rt"), participant: `p${n}`, metric: "tweet", occurredAt: "2026-11-25T10:00:00Z" }));
    const res = await app.fetch(
      new Request(`http://leadboard.test${p.base}/events`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ events }),
      }),
      { ...env, DB: countingD1(trips, prepared) },
    );
    if (res.status === 200) expect((await res.json<{ accepted: number }>()).accepted).toBe(3);
    return { status: res.status, trips };
  }

  it("ingests a batch in 2: credential, program, metrics, opt-in histories and stored ids; the atomic write", async () => {
    expect(await postTrips(p.adminKey)).toEqual({ status: 200, trips: { total: 2, sequential: 2 } });
    const ingestKey = (await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    expect(await postTrips(ingestKey)).toEqual({ status: 200, trips: { total: 2, sequential: 2 } });
    const email = `${unique("m")}@example.com`;
    const password = "correct horse battery staple";
    expect((await call("POST", `/v1/orgs/${p.slug}/managers`, { key: p.adminKey, body: { email, password } })).status).toBe(201);
    const session = await call("POST", "/v1/sessions", { body: { email, password } });
    expect(await postTrips(session.body.token)).toEqual({ status: 200, trips: { total: 2, sequential: 2 } });
  });

  it("refuses a post by a credential that may not post after 1, reading nothing of the batch", async () => {
    const token = (await call("POST", `${p.base}/participants/p1/token`, { key: p.adminKey })).body.token;
    const prepared: string[] = [];
    expect(await postTrips(token, prepared)).toEqual({ status: 403, trips: { total: 1, sequential: 1 } });
    expect(prepared.filter((text) => /\b(events|metrics|opt_toggles)\b/.test(text))).toEqual([]);
    const byAdmin: string[] = [];
    await postTrips(p.adminKey, byAdmin);
    expect(byAdmin.filter((text) => /\b(events|metrics|opt_toggles)\b/.test(text)).length).toBeGreaterThan(0);
  });

  it("reads a team board in 2: credential and program, then the teams and their totals", async () => {
    expect(await tripsOf(`/leaderboard${query({ scope: "team" })}`)).toEqual({ total: 2, sequential: 2 });
  });

  it("reads a score card in 2: credential, program and participant; score, ranks, figures and targets", async () => {
    expect(await tripsOf("/participants/p2/score")).toEqual({ total: 2, sequential: 2 });
    expect(await tripsOf(`/participants/p2/score${query({ period: "all" })}`)).toEqual({ total: 2, sequential: 2 });
  });

  it("reads a score card with targets of its own in 3: one more for the targets' actuals", async () => {
    expect(await tripsOf("/participants/p1/score")).toEqual({ total: 3, sequential: 3 });
    const token = await call("POST", `${p.base}/participants/p1/token`, { key: p.adminKey });
    expect(await tripsOf(`/participants/p1/score${query({ period: "all" })}`, token.body.token)).toEqual({ total: 3, sequential: 3 });
  });

  it("reads a board in 2 with a manager's console session too", async () => {
    const email = `${unique("m")}@example.com`;
    const password = "correct horse battery staple";
    expect((await call("POST", `/v1/orgs/${p.slug}/managers`, { key: p.adminKey, body: { email, password } })).status).toBe(201);
    const session = await call("POST", "/v1/sessions", { body: { email, password } });
    expect(await tripsOf(`/leaderboard${query({ limit: 5 })}`, session.body.token)).toEqual({ total: 2, sequential: 2 });
  });

  it("leaves no rejected lookup unhandled when the request is refused before it reads one", async () => {
    const failing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") return () => Promise.reject(new Error("D1 is down"));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const ask = (authorization: string) =>
      app.fetch(new Request(`http://leadboard.test${p.base}/participants/p1/score`, { headers: { Authorization: authorization } }), { ...env, DB: failing });
    // A malformed header is refused without reading anything: the program and participant lookups
    // already started fail unobserved, which must not surface as an unhandled rejection.
    expect((await ask("Basic abc")).status).toBe(401);
    // A credential read that fails is a server error, as before.
    expect((await ask(`Bearer ${p.adminKey}`)).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
