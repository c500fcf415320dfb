/**
 * Funnels: in the program document (validated, stored, replaced as a whole) and
 * GET /insights/funnels/{key}: stage units, conversions and their history, the bottleneck and the
 * month's and quarter's forecasts, each equal to figures worked out by hand below.
 */
import { describe, expect, it, vi } from "vitest";
import { expectError, expectInvalidFields } from "./checks";
import { call, get, insightProgram, metric } from "./insights-helpers";
import { post, type Program } from "./reads";

vi.setConfig({ testTimeout: 60_000 });

const FUNNEL = { key: "line", name: "Sales line", stages: ["calls", "meetings", "deals"] };
const document = (funnels: unknown[] = [FUNNEL]) => ({
  metrics: [metric("calls", "lead", "sum", 1), metric("meetings", "lag", "sum", 0), metric("deals", "lag", "sum", 0), metric("notes", "lead", "count", 1)],
  teams: [
    { key: "east", name: "East", parent: null },
    { key: "east-a", name: "East A", parent: "east" },
  ],
  funnels,
});

/**
 * Calls, meetings, deals (one event each, on the day named):
 *   Wed 14 Oct  b1 100 20 5      (W42)
 *   Wed  4 Nov  a1 20 5 1; b1 50 10 5          (W45: 70 15 6)
 *   Wed 11 Nov  a1 40 8 2; a2 60 6 3; b1 100 30 3   (W46: 200 44 8)
 *   Mon 16 Nov  b1 30 6 0;  Thu 19 Nov 09:00 (today) b1 10 0 0
 */
async function seeded(): Promise<Program> {
  const p = await insightProgram(document());
  const people = [
    { id: "a1", displayName: "A1", team: "east-a", cohort: null },
    { id: "a2", displayName: "A2", team: "east", cohort: null },
    { id: "b1", displayName: "B1", team: null, cohort: null },
  ];
  expect((await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: people } })).status).toBe(200);
  const rows: [string, string, number, number, number][] = [
    ["2026-10-14T12:00:00Z", "b1", 100, 20, 5],
    ["2026-11-04T12:00:00Z", "a1", 20, 5, 1],
    ["2026-11-04T12:00:00Z", "b1", 50, 10, 5],
    ["2026-11-11T12:00:00Z", "a1", 40, 8, 2],
    ["2026-11-11T12:00:00Z", "a2", 60, 6, 3],
    ["2026-11-11T12:00:00Z", "b1", 100, 30, 3],
    ["2026-11-16T12:00:00Z", "b1", 30, 6, 0],
    ["2026-11-19T09:00:00Z", "b1", 10, 0, 0],
  ];
  await post(
    call,
    p,
    rows.flatMap(([occurredAt, participant, calls, meetings, deals]) =>
      (
        [
          ["calls", calls],
          ["meetings", meetings],
          ["deals", deals],
        ] as const
      )
        .filter(([, value]) => value > 0)
        .map(([m, value]) => ({ participant, metric: m, occurredAt, value })),
    ),
  );
  return p;
}

const units = (stages: { metric: string; units: number }[]) => stages.map((s) => [s.metric, s.units]);

describe("funnels in the program document", () => {
  it("stores them, answers them, and replaces them as a whole", async () => {
    const p = await insightProgram(document());
    expect((await get(p, "")).body.funnels).toEqual([FUNNEL]);
    const put = await call("PUT", p.base, { key: p.adminKey, body: { name: "Insights", timezone: "UTC", requireOptIn: false, ...document([]) } });
    expect(put.status).toBe(200);
    // Without funnels a document reads as it did before funnels existed.
    expect("funnels" in put.body).toBe(false);
    expect("funnels" in (await get(p, "")).body).toBe(false);
    expectError(await get(p, "/insights/funnels/line"), 404, "not_found");
  });

  it("422 for a stage that is not a metric, a stage twice, too few stages or a key twice", async () => {
    const org = await insightProgram(document());
    const put = (funnels: unknown[]) => call("PUT", org.base, { key: org.adminKey, body: { name: "Insights", timezone: "UTC", ...document(funnels) } });
    expectInvalidFields(await put([{ ...FUNNEL, stages: ["calls", "demos", "deals"] }]), ["funnels[0].stages[1]"]);
    expectInvalidFields(await put([{ ...FUNNEL, stages: ["calls", "deals", "calls"] }]), ["funnels[0].stages[2]"]);
    expectInvalidFields(await put([{ ...FUNNEL, stages: ["calls"] }]), ["funnels[0].stages"]);
    expectInvalidFields(await put([FUNNEL, { ...FUNNEL, name: "Again" }]), ["funnels[1].key"]);
    expectInvalidFields(await put([{ ...FUNNEL, owner: "me" }]), ["funnels[0].owner"]);
    expect((await get(org, "")).body.funnels).toEqual([FUNNEL]);
  });
});

describe("GET /v1/programs/{p}/insights/funnels/{key}", () => {
  it("answers a week's stages, conversions, history and bottleneck as worked out by hand", async () => {
    const p = await seeded();
    const res = await get(p, "/insights/funnels/line?period=week&at=2026-W46");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    expect(b.funnel).toEqual({
      key: "line",
      name: "Sales line",
      stages: [
        { metric: "calls", name: "Calls" },
        { metric: "meetings", name: "Meetings" },
        { metric: "deals", name: "Deals" },
      ],
    });
    expect(b.subject).toEqual({ program: p.program });
    expect(b.period.label).toBe("2026-W46");
    expect(b.stages).toEqual([
      { metric: "calls", name: "Calls", units: 200, conversion: null },
      { metric: "meetings", name: "Meetings", units: 44, conversion: 0.22 },
      { metric: "deals", name: "Deals", units: 8, conversion: 0.1818 },
    ]);
    expect(b.bottleneck).toEqual({ from: "meetings", to: "deals", conversion: 0.1818 });
    // Eight weeks before (W38–W45): W42 100/20/5 and W45 70/15/6, the rest empty.
    expect(b.history.map((h: { period: { label: string } }) => h.period.label)).toEqual([
      "2026-W38",
      "2026-W39",
      "2026-W40",
      "2026-W41",
      "2026-W42",
      "2026-W43",
      "2026-W44",
      "2026-W45",
    ]);
    expect(units(b.history[7].stages)).toEqual([
      ["calls", 70],
      ["meetings", 15],
      ["deals", 6],
    ]);
    expect(b.history[7].bottleneck).toEqual({ from: "calls", to: "meetings", conversion: 0.2143 });
    expect(b.history[0].bottleneck).toBeNull();
    expect(b.conversions).toEqual([
      {
        from: "calls",
        to: "meetings",
        conversion: 0.22,
        historical: 0.2059, // (20 + 15) / (100 + 70)
        history: [null, null, null, null, 0.2, null, null, 0.2143].map((conversion, i) => ({ period: `2026-W${38 + i}`, conversion })),
      },
      {
        from: "meetings",
        to: "deals",
        conversion: 0.1818,
        historical: 0.3143, // (5 + 6) / (20 + 15)
        history: [null, null, null, null, 0.25, null, null, 0.4].map((conversion, i) => ({ period: `2026-W${38 + i}`, conversion })),
      },
    ]);
    expect(b.method).toMatch(/ratio of their sums/);
  });

  it("forecasts the last stage for the month and the quarter", async () => {
    const p = await seeded();
    const { month, quarter } = (await get(p, "/insights/funnels/line?period=week&at=2026-W46")).body.forecast;
    // The weekday profile of the 8 weeks before November's first Monday holds only a Wednesday (14 Oct):
    // 3 of November's 4 Wednesdays are complete days, so 0.75 of the month has gone. Calls on complete
    // days: 70 + 200 + 30 = 300, so 100 to come; they flow down at October's 20/100 and 5/20.
    expect(month.period.label).toBe("2026-11");
    expect(month.elapsed).toBe(0.75);
    expect(month.stages).toEqual([
      { metric: "calls", units: 310, forecast: 400 },
      { metric: "meetings", units: 65, forecast: 85 },
      { metric: "deals", units: 14, forecast: 19 },
    ]);
    expect(month.lastStage).toBe(19);
    // No quarter before holds a conversion: only the first stage can be paced (uniform profile: 49 of 92 days).
    expect(quarter.period.label).toBe("2026-Q4");
    expect(quarter.elapsed).toBe(0.5326);
    expect(quarter.stages[0]).toEqual({ metric: "calls", units: 410, forecast: 751.02 });
    expect(quarter.lastStage).toBeNull();
  });

  it("narrows to a team's subtree or one participant", async () => {
    const p = await seeded();
    const team = await get(p, "/insights/funnels/line?period=week&at=2026-W46&team=east");
    expect(team.body.subject).toEqual({ team: "east", name: "East", members: 2 });
    expect(units(team.body.stages)).toEqual([
      ["calls", 100],
      ["meetings", 14],
      ["deals", 5],
    ]);
    expect(team.body.bottleneck).toEqual({ from: "calls", to: "meetings", conversion: 0.14 });
    const one = await get(p, "/insights/funnels/line?period=week&at=2026-W46&participant=b1");
    expect(one.body.subject).toEqual({ participant: "b1", displayName: "B1" });
    expect(one.body.stages.map((s: { conversion: number | null }) => s.conversion)).toEqual([null, 0.3, 0.1]);
    // A month by default: November so far.
    const month = await get(p, "/insights/funnels/line");
    expect(month.body.period.label).toBe("2026-11");
    expect(units(month.body.stages)).toEqual([
      ["calls", 310],
      ["meetings", 65],
      ["deals", 14],
    ]);
  });

  it("answers 404 for an unknown funnel and 422 for a bad query", async () => {
    const p = await seeded();
    expectError(await get(p, "/insights/funnels/nothing"), 404, "not_found");
    expectInvalidFields(await get(p, "/insights/funnels/line?period=day"), ["period"]);
    expectInvalidFields(await get(p, "/insights/funnels/line?at=someday"), ["at"]);
    expectInvalidFields(await get(p, "/insights/funnels/line?team=west"), ["team"]);
    expectInvalidFields(await get(p, "/insights/funnels/line?participant=zz"), ["participant"]);
    expectInvalidFields(await get(p, "/insights/funnels/line?participant=b1&team=east"), ["team"]);
    expectError(await call("GET", `${p.base}/insights/funnels/line`), 401);
  });
});
