import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram, unique } from "./api";

// Thursday 2026-11-19, 12:00 in London.
const NOW = Date.parse("2026-11-19T12:00:00Z");
const call = apiAt(() => NOW);

async function seeded(visibility: "public" | "private" = "public") {
  const doc = basicDocument({
    visibility,
    teams: [
      { key: "emea", name: "EMEA", parent: null },
      { key: "uk", name: "UK", parent: "emea" },
      { key: "fr", name: "France", parent: "emea" },
    ],
    targets: [{ key: "emea-weekly", subject: { team: "emea" }, metric: null, period: "week", value: 10 }],
  });
  const p = await newProgram(doc, call);
  await addParticipants(
    p,
    [
      { id: "ana", displayName: "Ana", team: "uk", cohort: "London" },
      { id: "ben", displayName: "Ben", team: "uk", cohort: "London" },
      { id: "cleo", displayName: "Cléo", team: "fr", cohort: "Paris" },
    ],
    "2026-01-01T00:00:00Z",
    call,
  );
  await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [{ id: "dan", displayName: "Dan", team: "fr", cohort: null }] } });
  const ev = (id: string, participant: string, metric: string, occurredAt: string, value?: number) => ({
    id,
    participant,
    metric,
    occurredAt,
    ...(value === undefined ? {} : { value }),
  });
  const res = await call("POST", `${p.base}/events`, {
    key: p.adminKey,
    body: {
      events: [
        ev("1", "ana", "tweet", "2026-11-17T10:00:00Z"), // this week: 2 points
        ev("2", "ana", "tweet", "2026-11-10T10:00:00Z"), // last week: 2
        ev("3", "ben", "call-prep", "2026-11-18T10:00:00Z", 10), // this week: 5
        ev("4", "cleo", "tweet", "2026-11-18T10:00:00Z"), // this week: 2
      ],
    },
  });
  expect(res.body.accepted).toBe(4);
  return p;
}

describe("the site's extra reads", () => {
  it("lists public programs and a public summary with cohorts", async () => {
    const p = await seeded();
    const list = await call("GET", "/v1/public-programs");
    expect(list.body.programs).toContainEqual({ slug: p.program, name: "Social selling", timezone: "Europe/London" });
    const summary = await call("GET", `${p.base}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      slug: p.program,
      timezone: "Europe/London",
      today: "2026-11-19",
      cohorts: [
        { name: "London", size: 2 },
        { name: "Paris", size: 1 },
      ],
    });
    expect(summary.body.metrics.map((m: { key: string }) => m.key)).toEqual(["tweet", "call-prep", "deal-won"]);
  });

  it("keeps a private program's summary and lists from the public", async () => {
    const p = await seeded("private");
    expect((await call("GET", `${p.base}/summary`)).status).toBe(401);
    const list = await call("GET", "/v1/public-programs");
    expect(list.body.programs.map((x: { slug: string }) => x.slug)).not.toContain(p.program);
  });

  it("answers a participant's weekly scores beside their team's mean", async () => {
    const p = await seeded();
    const res = await call("GET", `${p.base}/participants/ana/history?weeks=3`);
    expect(res.status).toBe(200);
    expect(res.body.team).toBe("uk");
    expect(res.body.teamMembers).toBe(2);
    expect(res.body.weeks.map((w: { label: string; score: number; teamMean: number }) => [w.label, w.score, w.teamMean])).toEqual([
      ["2026-W45", 0, 0],
      ["2026-W46", 2, 1],
      ["2026-W47", 2, 3.5],
    ]);
    expect((await call("GET", `${p.base}/participants/nobody/history`)).status).toBe(404);
  });

  it("lists and searches participants for an admin only", async () => {
    const p = await seeded();
    const all = await call("GET", `${p.base}/participants`, { key: p.adminKey });
    expect(all.body.total).toBe(4);
    expect(all.body.participants[3]).toEqual({ id: "dan", displayName: "Dan", team: "fr", cohort: null, optedIn: false, ranked: false });
    const found = await call("GET", `${p.base}/participants?q=cl%C3%A9`, { key: p.adminKey });
    expect(found.body.participants.map((x: { id: string }) => x.id)).toEqual(["cleo"]);
    expect((await call("GET", `${p.base}/participants`)).status).toBe(401);
  });

  it("answers the dashboard: participation, the heat map and team targets", async () => {
    const p = await seeded();
    const res = await call("GET", `${p.base}/dashboard`, { key: p.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.week.label).toBe("2026-W47");
    expect(res.body.participation).toEqual({ participants: 4, optedIn: 3, optedInShare: 0.75, ranked: 3, activeThisWeek: 3, activeShare: 0.75 });
    const uk = res.body.heatmap.teams.find((t: { key: string }) => t.key === "uk");
    expect(uk.members).toBe(2);
    expect(uk.cells).toEqual([
      { metric: "tweet", points: 2, cappedUnits: 1 },
      { metric: "call-prep", points: 5, cappedUnits: 10 },
      { metric: "deal-won", points: 0, cappedUnits: 0 },
    ]);
    // EMEA's mean over its three ranked members: (2 + 5 + 2) / 3 = 3 of a target of 10.
    expect(res.body.targets).toEqual([expect.objectContaining({ key: "emea-weekly", team: "emea", metric: null, value: 10, actual: 3, attainment: 0.3 })]);
    const last = await call("GET", `${p.base}/dashboard?at=2026-W46`, { key: p.adminKey });
    expect(last.body.participation.activeThisWeek).toBe(1);
  });

  it("tells a participant token who it belongs to", async () => {
    const p = await seeded();
    const { body } = await call("POST", `${p.base}/participants/ana/token`, { key: p.adminKey });
    const me = await call("GET", "/v1/me", { key: body.token });
    expect(me.body).toMatchObject({ kind: "participant", program: { slug: p.program }, participant: { id: "ana", team: "uk", optedIn: true } });
    expect(unique("x")).toBeTruthy();
  });
});

describe("checking participants before an import", () => {
  it("lists every row's problems and the rows that exist, storing nothing", async () => {
    const p = await seeded();
    const res = await call("POST", `${p.base}/participants/check`, {
      key: p.adminKey,
      body: {
        participants: [
          { id: "ana", displayName: "Ana R.", team: "uk", cohort: null },
          { id: "eve", displayName: "", team: "nowhere", cohort: null },
          { id: "ana", displayName: "Ana again", team: null, cohort: null },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.existing).toEqual(["ana", "ana"]);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: "participants[1].displayName", message: expect.any(String) },
        { path: "participants[1].team", message: 'no team "nowhere" in this program' },
        { path: "participants[2].id", message: '"ana" appears more than once' },
      ]),
    );
    const list = await call("GET", `${p.base}/participants?q=eve`, { key: p.adminKey });
    expect(list.body.total).toBe(0);
    expect((await call("POST", `${p.base}/participants/check`, { body: { participants: [] } })).status).toBe(401);
  });
});
