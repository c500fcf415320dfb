/**
 * Ingestion stores events and queues them for scoring (worker/db/scoring.ts). Whatever reads
 * scores sees every stored event scored; the ingest that brings the queue to its limit scores it;
 * and an erasure takes a participant's queued events with it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { SCORE_BACKLOG_EVENTS } from "../../worker/db/scoring";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { programId } from "./checks";
import { post, score } from "./reads";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const call = apiAt(() => NOW);

const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n;
const queued = (pid: number) => count("SELECT count(*) AS n FROM unscored_events WHERE program_id = ?", pid);
const rollupPoints = (pid: number) => count("SELECT coalesce(sum(points), 0) AS n FROM daily_rollups WHERE program_id = ?", pid);

async function program(participants: string[]) {
  const p = await newProgram(basicDocument({ visibility: "public" }), call);
  await addParticipants(p, participants.map((id) => ({ id, team: "uk" })), "2026-01-01T00:00:00Z", call);
  return { p, pid: await programId(p.program) };
}

describe("events waiting to be scored", () => {
  it("are scored by the next read, before it reads", async () => {
    const { p, pid } = await program(["ana"]);
    await post(call, p, [
      { participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" },
      { participant: "ana", metric: "call-prep", occurredAt: "2026-11-25T09:00:00Z", value: 3 },
    ]);
    expect(await queued(pid)).toBe(2);
    expect(await rollupPoints(pid)).toBe(0);

    const card = await score(call, p, "ana");
    expect(card.body).toMatchObject({ score: 3.5, rank: 1 }); // a tweet at 2, three call preps at 0.5
    expect(await queued(pid)).toBe(0);
    expect(await rollupPoints(pid)).toBe(35_000);
  });

  it(`are scored by the ingest that brings the queue to ${SCORE_BACKLOG_EVENTS}`, async () => {
    const { p, pid } = await program(["ana", "ben"]);
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ participant: i % 2 ? "ana" : "ben", metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value: 1 }));
    await post(call, p, batch(SCORE_BACKLOG_EVENTS - 1));
    expect(await queued(pid)).toBe(SCORE_BACKLOG_EVENTS - 1);
    expect(await rollupPoints(pid)).toBe(0);

    await post(call, p, batch(1));
    expect(await queued(pid)).toBe(0);
    expect(await rollupPoints(pid)).toBe(SCORE_BACKLOG_EVENTS * 5_000); // each call prep 0.5 points
  });

  it("stay queued, and the ingest still answers its counts, when scoring them fails", async () => {
    const { p, pid } = await program(["ana"]);
    const events = Array.from({ length: 1000 }, (_, i) => ({ id: `f-${i}`, participant: "ana", metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value: 1 }));
    const failingScoring = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") return (text: string) => (text.includes("INSERT INTO rollup_deltas") ? target.prepare("SELECT no_such_function()") : target.prepare(text));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const app = createApp({ now: () => NOW });
    const postVia = (db: D1Database, batch: typeof events) =>
      app.fetch(
        new Request(`http://leadboard.test${p.base}/events`, {
          method: "POST",
          headers: { Authorization: `Bearer ${p.adminKey}`, "Content-Type": "application/json" },
          body: JSON.stringify({ events: batch }),
        }),
        { ...env, DB: db },
      );
    for (let n = 0; n < SCORE_BACKLOG_EVENTS; n += 1000) {
      const res = await postVia(failingScoring, events.map((e) => ({ ...e, id: `${e.id}-${n}` })));
      expect(await res.json()).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
    }
    expect(await queued(pid)).toBe(SCORE_BACKLOG_EVENTS);

    expect((await score(call, p, "ana")).body.score).toBe(SCORE_BACKLOG_EVENTS / 2); // each call prep 0.5 points
    expect(await queued(pid)).toBe(0);
  });

  it("leave with their participant, even when an ingest lands between the erasure's reads and its batch", async () => {
    const { p, pid } = await program(["ana", "ben"]);
    await post(call, p, [
      { participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" },
      { participant: "ben", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" },
    ]);
    const pk = await count("SELECT pk AS n FROM participants WHERE program_id = ? AND id = 'ana'", pid);
    // The DELETE request scores the queue before it reads; ana's later event is queued after that.
    const erasures = new WeakSet<D1PreparedStatement>();
    const racing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare")
          return (text: string) => {
            const statement = target.prepare(text);
            if (!text.includes("DELETE FROM participants")) return statement;
            const bind = statement.bind.bind(statement);
            statement.bind = (...params: unknown[]) => {
              const bound = bind(...params);
              erasures.add(bound);
              return bound;
            };
            return statement;
          };
        if (prop === "batch")
          return async (statements: D1PreparedStatement[]) => {
            if (statements.some((s) => erasures.has(s))) await post(call, p, [{ participant: "ana", metric: "tweet", occurredAt: "2026-11-23T10:00:00Z" }]);
            return target.batch(statements);
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const res = await createApp({ now: () => NOW }).fetch(
      new Request(`http://leadboard.test${p.base}/participants/ana`, { method: "DELETE", headers: { Authorization: `Bearer ${p.adminKey}` } }),
      { ...env, DB: racing },
    );
    expect(res.status).toBe(204);

    for (const table of ["events", "unscored_events", "daily_rollups", "period_scores"]) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE participant_pk = ?`, pk), table).toBe(0);
    }
    const teamBoard = await call("GET", `${p.base}/leaderboard?scope=team&period=month`);
    expect(teamBoard.body.entries.find((e: { id: string }) => e.id === "uk")).toMatchObject({ members: 1, score: 2 }); // ben's tweet alone
  });
});
