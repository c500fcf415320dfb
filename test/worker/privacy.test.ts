/**
 * Privacy: an opted-out participant disappears from every board and from reports generated after
 * the opt-out; an erased participant (DELETE …/participants/{id}) leaves nothing behind that a
 * board, a report, a digest, a token or a re-sent event could bring back, and the boards stay
 * consistent (ranks 1..n, totals, team scores of the members that remain).
 */
import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { engineCount, expectError } from "./checks";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const api = apiAt(() => NOW);

const EVENTS = [
  { id: "a1", participant: "ana", metric: "tweet", occurredAt: "2026-11-17T10:00:00Z" },
  { id: "a2", participant: "ana", metric: "tweet", occurredAt: "2026-11-18T10:00:00Z" },
  { id: "a3", participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" },
  { id: "b1", participant: "ben", metric: "tweet", occurredAt: "2026-11-17T10:00:00Z" },
  { id: "c1", participant: "cy", metric: "call-prep", value: 1, occurredAt: "2026-11-10T10:00:00Z" },
];

async function world(visibility: "public" | "private" = "public") {
  const p = await newProgram(basicDocument({ visibility, teams: [{ key: "uk", name: "UK", parent: null }], targets: [] }), api);
  await addParticipants(
    p,
    [{ id: "ana", team: "uk", cohort: "London" }, { id: "ben", team: "uk", cohort: "London" }, { id: "cy" }],
    "2026-01-01T00:00:00Z",
    api,
  );
  expect((await api("POST", `${p.base}/events`, { key: p.adminKey, body: { events: EVENTS } })).body.accepted).toBe(EVENTS.length);
  return p;
}

type Entry = { rank: number; id: string; score: number; members?: number };

/** Every board a reader could open: individuals and teams, week, month and all time, and the cohort. */
async function boards(p: { base: string; adminKey: string }) {
  const out: Record<string, { total: number; entries: Entry[] }> = {};
  for (const q of [
    "period=week&at=2026-W47",
    "period=week&at=2026-W48",
    "period=month&at=2026-11",
    "period=all",
    "period=all&cohort=London",
    "scope=team&period=all",
    "scope=team&period=week&at=2026-W47",
  ]) {
    const res = await api("GET", `${p.base}/leaderboard?${q}`, { key: p.adminKey });
    expect(res.status, q).toBe(200);
    out[q] = res.body;
  }
  return out;
}

/** Ranks are 1..n by score (ties share a rank), totals count the entries, ids are unique. */
function expectConsistent(all: Record<string, { total: number; entries: Entry[] }>) {
  for (const [q, b] of Object.entries(all)) {
    expect(b.total, q).toBe(b.entries.length);
    expect(new Set(b.entries.map((e) => e.id)).size, q).toBe(b.entries.length);
    b.entries.forEach((e, i) => {
      if (i === 0) expect(e.rank, q).toBe(1);
      else {
        const prev = b.entries[i - 1];
        expect(e.score, q).toBeLessThanOrEqual(prev.score);
        expect(e.rank, q).toBe(e.score === prev.score ? prev.rank : i + 1);
      }
    });
  }
}

const individualIds = (all: Record<string, { entries: Entry[] }>) =>
  Object.entries(all)
    .filter(([q]) => !q.includes("team"))
    .flatMap(([, b]) => b.entries.map((e) => e.id));

describe("opting out", () => {
  it("takes the participant off every board and out of reports generated after, and the boards stay consistent", async () => {
    const p = await world();
    expect(individualIds(await boards(p))).toContain("ana");
    const res = await api("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T11:00:00Z" } });
    expect(res.body).toMatchObject({ optedIn: false });
    const after = await boards(p);
    expect(individualIds(after)).not.toContain("ana");
    expectConsistent(after);
    const team = after["scope=team&period=all"].entries.find((e) => e.id === "uk")!;
    const ben = after["period=all"].entries.find((e) => e.id === "ben")!;
    expect(team.members).toBe(1);
    expect(team.score).toBe(ben.score);
    // A report generated after the opt-out leaves the participant out.
    const report = await api("POST", `${p.base}/reports/weekly/2026-W47`, { key: p.adminKey });
    expect(report.status).toBe(201);
    expect(report.body.entries.map((e: Entry) => e.id)).toEqual(["ben"]);
    expect(report.body.total).toBe(1);
    expect(JSON.stringify(report.body)).not.toContain('"ana"');
    // The participant's own score card says it is not ranked.
    const own = await api("GET", `${p.base}/participants/ana/score?period=all`, { key: p.adminKey });
    expect(own.body).toMatchObject({ rank: null, of: null, percentile: null, cohort: null });
  });
});

describe("erasing a participant", () => {
  it("leaves nothing a re-sent event, a token, a digest or a regenerated report could bring back", async () => {
    const p = await world("private");
    expect((await api("POST", `${p.base}/reports/weekly/2026-W47`, { key: p.adminKey })).status).toBe(201);
    const token = (await api("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token as string;
    expect((await api("DELETE", `${p.base}/participants/ana`, { key: p.adminKey })).status).toBe(204);

    // The token no longer opens anything.
    expectError(await api("GET", `${p.base}/leaderboard`, { key: token }), 401);
    // The digest and score card are gone.
    expectError(await api("GET", `${p.base}/participants/ana/reports/weekly/2026-W47`, { key: p.adminKey }), 404);
    expectError(await api("GET", `${p.base}/participants/ana/score`, { key: p.adminKey }), 404);
    // A client re-sending the participant's events stores nothing.
    const resent = await api("POST", `${p.base}/events`, { key: p.adminKey, body: { events: EVENTS } });
    expect(resent.body.accepted).toBe(0);
    expect(resent.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason])).toEqual([
      ["a1", "unknown_participant"],
      ["a2", "unknown_participant"],
      ["a3", "unknown_participant"],
    ]);
    expect(await engineCount(p.program, "events")).toBe(2);

    // Boards are consistent, and neither the stored nor a regenerated report names her.
    const after = await boards(p);
    expect(individualIds(after)).not.toContain("ana");
    expectConsistent(after);
    expect(after["scope=team&period=all"].entries.find((e) => e.id === "uk")!.members).toBe(1);
    for (const method of ["GET", "POST"]) {
      const report = await api(method, `${p.base}/reports/weekly/2026-W47`, { key: p.adminKey });
      expect(JSON.stringify(report.body)).not.toContain('"ana"');
    }

    // The same id, added again, starts from nothing.
    await addParticipants(p, [{ id: "ana", team: "uk" }], "2026-01-01T00:00:00Z", api);
    const fresh = await api("GET", `${p.base}/participants/ana/score?period=all`, { key: p.adminKey });
    expect(fresh.body.score).toBe(0);
    expect(fresh.body.byMetric.every((m: { units: number }) => m.units === 0)).toBe(true);
  });
});
