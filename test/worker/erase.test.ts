import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { engineCount, engineRows, periodScores, programId } from "./checks";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const api = apiAt(() => NOW);

async function world() {
  const p = await newProgram(basicDocument({ visibility: "public" }), api);
  await addParticipants(p, [{ id: "ana", team: "uk" }, { id: "ben", team: "uk" }, { id: "cy" }], "2026-01-01T00:00:00Z", api);
  const events = [
    { id: "a1", participant: "ana", metric: "tweet", occurredAt: "2026-11-17T10:00:00Z" },
    { id: "a2", participant: "ana", metric: "tweet", occurredAt: "2026-11-18T10:00:00Z" },
    { id: "b1", participant: "ben", metric: "tweet", occurredAt: "2026-11-17T10:00:00Z" },
    { id: "c1", participant: "cy", metric: "call-prep", value: 1, occurredAt: "2026-11-10T10:00:00Z" },
  ];
  expect((await api("POST", `${p.base}/events`, { key: p.adminKey, body: { events } })).body.accepted).toBe(4);
  expect((await api("POST", `${p.base}/reports/weekly/2026-W47`, { key: p.adminKey })).status).toBe(201);
  const token = (await api("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
  return { p, token };
}

/** Rows of a D1 table (credentials are the one per-participant table left there). */
const d1Count = async (table: string, where: string, ...args: unknown[]) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe("DELETE /v1/programs/{program}/participants/{id}", () => {
  it("erases events, rollups, scores, tokens, history and report entries, and the boards stay consistent", async () => {
    const { p, token } = await world();
    const [{ pk }] = await engineRows<{ pk: number }>(p.program, "SELECT pk FROM participants WHERE id = 'ana'");
    const id = await programId(p.program);
    expect(await d1Count("credentials", "program_id = ? AND participant_pk = ?", id, pk)).toBe(1);
    expect(await engineCount(p.program, "events", "participant_pk = ?", pk)).toBeGreaterThan(0);

    const res = await api("DELETE", `${p.base}/participants/ana`, { key: p.adminKey });
    expect(res.status).toBe(204);

    // The engine keeps the ledger (scores are summed from its rollups); D1 keeps the tokens.
    for (const table of ["events", "rollups", "opt_toggles"]) {
      expect(await engineCount(p.program, table, "participant_pk = ?", pk), table).toBe(0);
    }
    expect(await engineCount(p.program, "participants", "pk = ?", pk)).toBe(0);
    expect(await engineCount(p.program, "participants", "id = 'ana'")).toBe(0);
    expect(await d1Count("credentials", "program_id = ? AND participant_pk = ?", id, pk)).toBe(0);
    expect(Object.keys(await periodScores(p.program)).filter((k) => k.startsWith("ana "))).toEqual([]);
    // The stored report no longer names her.
    for (const { body } of await engineRows<{ body: string }>(p.program, "SELECT body FROM weekly_reports")) expect(body).not.toContain('"ana"');
    expect((await api("GET", `${p.base}/participants/ana/score`, { key: token })).status).toBe(401);

    const report = (await api("GET", `${p.base}/reports/weekly/2026-W47`)).body;
    expect(report.entries.map((e: { id: string }) => e.id)).toEqual(["ben"]);
    expect(report.movers).not.toContain("ana");
    expect(report.newEntries).toEqual(["ben"]);

    const board = (await api("GET", `${p.base}/leaderboard?period=week&at=2026-W47`)).body;
    expect(board.total).toBe(2);
    expect(board.entries.map((e: { id: string; rank: number }) => [e.id, e.rank])).toEqual([
      ["ben", 1],
      ["cy", 2],
    ]);
    const team = (await api("GET", `${p.base}/leaderboard?scope=team&period=week&at=2026-W47`)).body;
    expect(team.entries.find((e: { id: string }) => e.id === "uk").members).toBe(1);
  });

  it("answers 404 for an unknown participant and refuses non-admins", async () => {
    const { p, token } = await world();
    expect((await api("DELETE", `${p.base}/participants/nobody`, { key: p.adminKey })).status).toBe(404);
    expect((await api("DELETE", `${p.base}/participants/ana`)).status).toBe(401);
    expect((await api("DELETE", `${p.base}/participants/ana`, { key: token })).status).toBe(403);
    expect(await engineCount(p.program, "events", "id = 'a1'")).toBeGreaterThan(0);
  });
});
