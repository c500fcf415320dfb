/**
 * A participant's weekly digest (GET .../participants/{id}/reports/weekly/{week}), its figures
 * worked out by hand on a small program: score and change, rank and percentile overall and in the
 * cohort, the Power 100 entry, targets and streak as at the week's end, and the coaching line (the
 * lead metric furthest below the week's top-10 average, in points). Europe/London in November is
 * UTC, so local days are UTC days here.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { newOrg } from "./api";
import { expectError } from "./checks";
import type { Program } from "./reads";
import { type Clock, clocked, generated, participantsAt, postAt, programAt, rows } from "./weekly";

// Many API calls a test: on a machine busy with other suites they outlast the 5-second default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const METRICS = [
  { key: "tweet", name: "Tweets", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5 },
  { key: "call-prep", name: "Call preparation", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: null },
  { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null },
];
const TARGETS = [
  { key: "me-week", subject: { participant: "me" }, metric: null, period: "week", value: 30 },
  { key: "me-tweets-month", subject: { participant: "me" }, metric: "tweet", period: "month", value: 40 },
  { key: "uk-weekly", subject: { team: "uk" }, metric: null, period: "week", value: 400 },
];

const tweets = (participant: string, n: number, occurredAt: string) => Array.from({ length: n }, () => ({ participant, metric: "tweet", occurredAt }));
const prep = (participant: string, value: number, occurredAt: string) => ({ participant, metric: "call-prep", occurredAt, value });

const digest = (clock: Clock, p: Program, id: string, week: string, key: string | null = p.adminKey) =>
  clock.call("GET", `${p.base}/participants/${encodeURIComponent(id)}/reports/weekly/${week}`, { key: key ?? undefined });

describe("a digest worked out by hand", () => {
  let clock: Clock;
  let p: Program;
  // a01–a10 make the top 10: 10 capped tweets each (20 points) and call prep of 40 … 120 and 135.55.
  const prepOfTop = [40, 50, 60, 70, 80, 90, 100, 110, 120, 135.55];
  const top = prepOfTop.map((_, i) => `a${String(i + 1).padStart(2, "0")}`);

  beforeAll(async () => {
    clock = clocked("2026-10-25T12:00:00Z");
    p = await programAt(clock, { metrics: METRICS, targets: TARGETS, requireOptIn: false });
    await participantsAt(
      clock,
      p,
      [
        ...top.map((id, i) => ({ id, displayName: `Top ${i + 1}`, cohort: i < 5 ? "London" : "Leeds" })),
        { id: "me", displayName: "Me", team: "uk", cohort: "London" },
        { id: "you2", displayName: "You Two", cohort: "London" },
        { id: "zz", displayName: "Zed", cohort: "London" },
      ],
      false,
    );
    clock.set("2026-11-23T06:00:00Z");
    await postAt(clock, p, [
      ...top.flatMap((id, i) => [
        ...tweets(id, 5, "2026-11-16T09:00:00Z"),
        ...tweets(id, 6, "2026-11-17T09:00:00Z"), // one over the daily cap of 5
        prep(id, prepOfTop[i], "2026-11-18T09:00:00Z"),
      ]),
      // me: a run of 4 days (1–4 November), W46's 5 points, then Friday–Sunday of W47.
      ...["01", "02", "03", "04"].map((d) => prep("me", 1, `2026-11-${d}T10:00:00Z`)),
      prep("me", 10, "2026-11-12T10:00:00Z"),
      prep("me", 20, "2026-11-20T10:00:00Z"),
      prep("me", 20, "2026-11-21T10:00:00Z"),
      prep("me", 20, "2026-11-22T10:00:00Z"),
      ...tweets("me", 2, "2026-11-22T11:00:00Z"),
      { participant: "me", metric: "deal-won", occurredAt: "2026-11-22T12:00:00Z" },
      ...tweets("you2", 5, "2026-11-16T09:00:00Z"),
      ...tweets("you2", 5, "2026-11-17T09:00:00Z"),
    ]);
    const r = await generated(clock.call, p, "2026-W47");
    // Scores: a01 40, a02 45, … a09 80, a10 87.775; me 34 (4 + 30); you2 20; zz 0 (not in the report).
    expect(rows(r.entries).slice(-3)).toEqual([
      [10, "a01", 40, null, null, 40],
      [11, "me", 34, 1, -10, 29],
      [12, "you2", 20, null, null, 20],
    ]);
    expect(r.entries[0]).toMatchObject({ rank: 1, id: "a10", score: 87.775 });
    // The next week goes on: me keeps its run going and tweets more in November.
    clock.set("2026-11-26T12:00:00Z");
    await postAt(clock, p, [prep("me", 1, "2026-11-23T10:00:00Z"), prep("me", 1, "2026-11-24T10:00:00Z"), ...tweets("me", 3, "2026-11-25T10:00:00Z")]);
  });

  it("me: standing, change, power 100 entry and byMetric", async () => {
    const res = await digest(clock, p, "me", "2026-W47");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      program: p.program,
      week: "2026-W47",
      period: { kind: "week", label: "2026-W47", start: "2026-11-16T00:00:00.000Z", end: "2026-11-23T00:00:00.000Z" },
      participant: { id: "me", displayName: "Me", team: "uk", cohort: "London" },
      score: 34,
      previousScore: 5,
      scoreChange: 29,
      // 13 ranked: 10 above, you2 and zz below → 100 × 2 / 12 = 16.67 → 17.
      rank: 11,
      of: 13,
      percentile: 17,
      // London: a01–a05 above, you2 and zz below → 100 × 2 / 7 = 28.57 → 29.
      cohort: { name: "London", rank: 6, of: 8, percentile: 29 },
      power100: { rank: 11, previousRank: 1, rankChange: -10 },
      byMetric: [
        { metric: "tweet", indicator: "lead", units: 2, cappedUnits: 2, points: 4 },
        { metric: "call-prep", indicator: "lead", units: 60, cappedUnits: 60, points: 30 },
        { metric: "deal-won", indicator: "lag", units: 1, cappedUnits: 1, points: 0 },
      ],
    });
  });

  it("me: targets and streak as at the end of the week, not as of today", async () => {
    const res = await digest(clock, p, "me", "2026-W47");
    // The week target: 34 of 30. The month target: 2 tweets by the week's end (3 more came after it);
    // expected = 40 × (22 days − 1 ms) / 30 days = 29.3333.
    expect(res.body.targets).toEqual([
      // The week is over: its forecast is what happened.
      {
        key: "me-week",
        metric: null,
        period: "week",
        value: 30,
        actual: 34,
        attainment: 1.1333,
        expected: 30,
        status: "met",
        forecast: 34,
        forecastStatus: "will_meet",
      },
      // 2 tweets in 22 days leaves 40 far out of reach (insights-forecasts.test.ts checks the arithmetic).
      {
        key: "me-tweets-month",
        metric: "tweet",
        period: "month",
        value: 40,
        actual: 2,
        attainment: 0.05,
        expected: 29.3333,
        status: "behind",
        forecast: expect.any(Number),
        forecastStatus: "will_miss",
      },
    ]);
    // Friday to Sunday; the longest run as at Sunday is 1–4 November (the run goes on to Tuesday since).
    expect(res.body.streak).toEqual({ current: 3, longest: 4 });
  });

  it("coaching: the metric furthest below the top 10's average in points, not in units", async () => {
    // Top 10 average: tweets 10 (capped), call prep 855.55 / 10 = 85.555 → 85.56.
    // me: tweets (10 − 2) × 2 = 16 points; call prep (85.56 − 60) × 0.5 = 12.78 points.
    expect((await digest(clock, p, "me", "2026-W47")).body.coaching).toEqual({
      metric: "tweet",
      yours: 2,
      top10Average: 10,
      worth: 16,
      message: 'The week\'s top 10 averaged 10 on "Tweets"; you had 2. Matching them would have been worth 16 points.',
    });
    // you2 matches the tweets; call prep: (85.56 − 0) × 0.5 = 42.78.
    expect((await digest(clock, p, "you2", "2026-W47")).body.coaching).toEqual({
      metric: "call-prep",
      yours: 0,
      top10Average: 85.56,
      worth: 42.78,
      message: 'The week\'s top 10 averaged 85.56 on "Call preparation"; you had 0. Matching them would have been worth 42.78 points.',
    });
    // a01, in the top 10 itself: (85.56 − 40) × 0.5 = 22.78.
    expect((await digest(clock, p, "a01", "2026-W47")).body.coaching).toMatchObject({ metric: "call-prep", yours: 40, worth: 22.78 });
    // a10 is behind on nothing.
    expect((await digest(clock, p, "a10", "2026-W47")).body.coaching).toBeNull();
  });

  it("someone outside the report: no power 100 entry, still ranked on the board", async () => {
    const res = await digest(clock, p, "zz", "2026-W47");
    expect(res.body).toMatchObject({
      score: 0,
      previousScore: 0,
      scoreChange: 0,
      rank: 13,
      of: 13,
      percentile: 0,
      cohort: { name: "London", rank: 8, of: 8, percentile: 0 },
      power100: null,
      targets: [],
      streak: { current: 0, longest: 0 },
    });
    expect(res.body.coaching).toMatchObject({ metric: "call-prep", yours: 0, top10Average: 85.56, worth: 42.78 });
  });

  it("404 before the week's report exists, and for an unknown participant", async () => {
    expectError(await digest(clock, p, "me", "2026-W46"), 404, "not_found");
    expectError(await digest(clock, p, "me", "2026-W48"), 404, "not_found");
    expectError(await digest(clock, p, "nobody", "2026-W47"), 404, "not_found");
  });

  it("access: admin and that participant's token; not another's token, an ingest key or another organisation", async () => {
    const token = async (id: string) => (await clock.call("POST", `${p.base}/participants/${id}/token`, { key: p.adminKey })).body.token;
    const mine = await token("me");
    const theirs = await token("you2");
    const ingest = (await clock.call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const other = await newOrg();
    expect((await digest(clock, p, "me", "2026-W47", mine)).status).toBe(200);
    expectError(await digest(clock, p, "me", "2026-W47", theirs), 403, "forbidden");
    expectError(await digest(clock, p, "me", "2026-W47", ingest), 403, "forbidden");
    expectError(await digest(clock, p, "me", "2026-W47", null), 401);
    expectError(await digest(clock, p, "me", "2026-W47", other.adminKey), 404);
    expectError(await digest(clock, p, "nobody", "2026-W47", other.adminKey), 404);
  });
});

describe("a public program", () => {
  it("anyone reads a ranked participant's digest; one who opted out since is not published, but the admin and their token read it with the report's entry", async () => {
    const clock = clocked("2026-11-02T12:00:00Z");
    const p = await programAt(clock, { metrics: METRICS, visibility: "public", requireOptIn: true });
    await participantsAt(clock, p, [
      { id: "x", cohort: "c" },
      { id: "y", cohort: "c" },
    ]);
    clock.set("2026-11-23T06:00:00Z");
    await postAt(clock, p, [prep("x", 10, "2026-11-18T09:00:00Z"), prep("y", 4, "2026-11-18T09:00:00Z")]);
    await generated(clock.call, p, "2026-W47");
    const token = async (id: string) => (await clock.call("POST", `${p.base}/participants/${id}/token`, { key: p.adminKey })).body.token as string;
    const [xToken, yToken] = [await token("x"), await token("y")];
    expect((await clock.call("POST", `${p.base}/participants/x/opt-out`, { key: p.adminKey, body: {} })).status).toBe(200);
    const other = await newOrg();

    // x is not ranked now: the admin and x's own token read the digest, with the report's entry kept.
    for (const key of [p.adminKey, xToken]) {
      const x = await digest(clock, p, "x", "2026-W47", key);
      expect(x.status).toBe(200);
      expect(x.body).toMatchObject({
        score: 5,
        rank: null,
        of: null,
        percentile: null,
        cohort: null,
        power100: { rank: 1, previousRank: null, rankChange: null },
      });
    }
    // To anyone else x is not published (SPEC §4, "Who is published"): 404, as for an unknown id.
    const unknown = await digest(clock, p, "nobody", "2026-W47", null);
    expectError(unknown, 404, "not_found");
    for (const [who, key] of [
      ["anonymous", null],
      ["another participant's token", yToken],
      ["another organisation's admin", other.adminKey],
    ] as const) {
      const res = await digest(clock, p, "x", "2026-W47", key);
      expectError(res, 404, "not_found");
      expect(res.body, who).toEqual(unknown.body);
    }
    // The stored report keeps x's entry.
    expect((await clock.call("GET", `${p.base}/reports/weekly/2026-W47`)).body.entries.map((e: { id: string }) => e.id)).toEqual(["x", "y"]);

    const y = await digest(clock, p, "y", "2026-W47", null);
    expect(y.status).toBe(200);
    expect(y.body).toMatchObject({ score: 2, rank: 1, of: 1, percentile: 100, cohort: { name: "c", rank: 1, of: 1, percentile: 100 } });
    // The top 10 (x and y) average (10 + 4) / 2 = 7 of call prep: y is 3 short, worth 1.5 points.
    expect(y.body.coaching).toMatchObject({ metric: "call-prep", yours: 4, top10Average: 7, worth: 1.5 });
    // Public means anyone, another organisation's admin and another participant's token too.
    expect((await digest(clock, p, "y", "2026-W47", other.adminKey)).status).toBe(200);
    expect((await digest(clock, p, "y", "2026-W47", xToken)).status).toBe(200);
  });
});

describe("coaching ties", () => {
  it("go to the metric listed first in the program, whatever the keys", async () => {
    const clock = clocked("2026-11-02T12:00:00Z");
    const beta = { key: "beta", name: "Beta", indicator: "lead", aggregation: "count", points: 1.5, dailyCap: null };
    const alpha = { ...beta, key: "alpha", name: "Alpha" };
    const p = await programAt(clock, { metrics: [beta, alpha], requireOptIn: false });
    await participantsAt(clock, p, [{ id: "top" }, { id: "me" }], false);
    clock.set("2026-11-23T06:00:00Z");
    await postAt(clock, p, [
      ...["alpha", "alpha", "beta", "beta"].map((metric) => ({ participant: "top", metric, occurredAt: "2026-11-18T09:00:00Z" })),
      { participant: "me", metric: "alpha", occurredAt: "2026-11-18T09:00:00Z" },
      { participant: "me", metric: "beta", occurredAt: "2026-11-18T09:00:00Z" },
    ]);
    await generated(clock.call, p, "2026-W47");
    // Both metrics: the top 10 (top and me) average 1.5, me has 1: worth 0.75 each.
    expect((await digest(clock, p, "me", "2026-W47")).body.coaching).toMatchObject({ metric: "beta", yours: 1, top10Average: 1.5, worth: 0.75 });
  });
});
