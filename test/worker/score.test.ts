/**
 * GET /v1/programs/{program}/participants/{id}/score in workerd over a real local D1 (SPEC §2, §4):
 * score, rank, of, percentile (§2.11), cohort figures, nulls while not ranked, byMetric, targets
 * (§2.12) against a fixed clock, and streaks (§2.13).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { expectError, expectInvalidFields } from "./checks";
import { type Program, post, score, times } from "./reads";

/** Thursday 26 November 2026, 12:00 in London (GMT): half-way through 2026-W48. */
const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);
/** A target as SPEC §2.12 measures it, without the forecast the score card adds. */
const measured = ({ forecast: _f, forecastStatus: _s, ...t }: Record<string, unknown>) => t;

const target = (key: string, participant: string, metric: string | null, period: string, value: number) => ({
  key,
  subject: { participant },
  metric,
  period,
  value,
});

const document = basicDocument({
  targets: [
    target("ana-week-score", "ana", null, "week", 20),
    target("ana-week-met", "ana", null, "week", 15),
    target("ana-week-tweets", "ana", "tweet", "week", 30),
    target("ana-month-tweets", "ana", "tweet", "month", 12),
    target("ana-quarter-score", "ana", null, "quarter", 123.45),
    target("bo-week", "bo", null, "week", 10),
    { key: "uk-weekly", subject: { team: "uk" }, metric: null, period: "week", value: 400 },
  ],
});

describe("score cards", () => {
  let p: Program;

  beforeAll(async () => {
    p = await newProgram(document, call);
    await addParticipants(
      p,
      [
        { id: "ana", team: "uk", cohort: "London" },
        { id: "bo", team: "uk", cohort: "London" },
        { id: "cy", team: "emea", cohort: "SMB" },
        { id: "dee", cohort: "London" },
        { id: "gil" },
        { id: "eve", cohort: "London" },
      ],
      undefined,
      call,
    );
    const put = await call("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [{ id: "fay", displayName: "Fay F.", team: null, cohort: "London" }] },
    });
    expect(put.status).toBe(200);
    await post(call, p, [
      // ana: a 4-day run at the start of the month…
      ...["02", "03", "04", "05"].map((d) => ({ participant: "ana", metric: "tweet", occurredAt: `2026-11-${d}T09:00:00Z` })),
      // …and Monday to Wednesday of this week (not yet today): 4 + (10 + 1.25) + 2 = 17.25.
      ...times(2, { participant: "ana", metric: "tweet", occurredAt: "2026-11-23T09:00:00Z" }),
      ...times(7, { participant: "ana", metric: "tweet", occurredAt: "2026-11-24T09:00:00Z" }),
      ...[0.1, 0.1, 0.1, 0.1, 0.1, 0.29, 1.71].map((value) => ({ participant: "ana", metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value })),
      { participant: "ana", metric: "tweet", occurredAt: "2026-11-25T23:59:59Z" },
      // A deal today is an outcome: it neither scores nor counts for the streak.
      { participant: "ana", metric: "deal-won", occurredAt: "2026-11-26T08:00:00Z" },
      // bo: yesterday and today.
      { participant: "bo", metric: "tweet", occurredAt: "2026-11-25T09:00:00Z" },
      ...times(3, { participant: "bo", metric: "tweet", occurredAt: "2026-11-26T09:00:00Z" }),
      // cy: Monday only; a lag event on Tuesday and a zero call prep on Wednesday do not count.
      ...times(5, { participant: "cy", metric: "tweet", occurredAt: "2026-11-23T09:00:00Z" }),
      { participant: "cy", metric: "deal-won", occurredAt: "2026-11-24T09:00:00Z" },
      { participant: "cy", metric: "call-prep", occurredAt: "2026-11-25T09:00:00Z", value: 0 },
      // dee: a 3-day run across the month end, nothing this week.
      ...["2026-10-30", "2026-10-31", "2026-11-01"].map((d) => ({ participant: "dee", metric: "tweet", occurredAt: `${d}T12:00:00Z` })),
      // eve scores, then opts out.
      ...times(10, { participant: "eve", metric: "tweet", occurredAt: "2026-11-23T09:00:00Z" }),
    ]);
    const out = await call("POST", `${p.base}/participants/eve/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T00:00:00Z" } });
    expect(out.status).toBe(200);
  });

  it("answers the documented shape for a ranked participant", async () => {
    const res = await score(call, p, "ana");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      "badges",
      "byMetric",
      "cohort",
      "displayName",
      "id",
      "level",
      "of",
      "percentile",
      "period",
      "rank",
      "score",
      "streak",
      "targets",
    ]);
    // SPEC v1.1 §5.4, §5.5: no badges or levels defined, so none earned and no level.
    expect(res.body).toMatchObject({ id: "ana", displayName: "ana", score: 17.25, rank: 1, of: 5, percentile: 100, badges: [], level: null });
    expect(res.body.period).toEqual({ kind: "week", label: "2026-W48", start: expect.any(String), end: expect.any(String) });
    expect(Date.parse(res.body.period.start)).toBe(Date.parse("2026-11-23T00:00:00Z"));
    expect(Date.parse(res.body.period.end)).toBe(Date.parse("2026-11-30T00:00:00Z"));
    expect(res.body.cohort).toEqual({ name: "London", rank: 1, of: 3, percentile: 100 });
  });

  it("gives rank, of and percentile on the whole board and in the cohort", async () => {
    // Board: ana 17.25, cy 10, bo 8, dee 0, gil 0 (N = 5). London: ana, bo, dee (N = 3).
    const expected: Record<string, object> = {
      ana: { score: 17.25, rank: 1, of: 5, percentile: 100, cohort: { name: "London", rank: 1, of: 3, percentile: 100 } },
      cy: { score: 10, rank: 2, of: 5, percentile: 75, cohort: { name: "SMB", rank: 1, of: 1, percentile: 100 } },
      bo: { score: 8, rank: 3, of: 5, percentile: 50, cohort: { name: "London", rank: 2, of: 3, percentile: 50 } },
      dee: { score: 0, rank: 4, of: 5, percentile: 0, cohort: { name: "London", rank: 3, of: 3, percentile: 0 } },
      gil: { score: 0, rank: 4, of: 5, percentile: 0, cohort: null },
    };
    for (const [id, figures] of Object.entries(expected)) {
      const res = await score(call, p, id);
      expect(res.status).toBe(200);
      expect(res.body, id).toMatchObject(figures);
      expect(res.body.cohort, id).toEqual((figures as { cohort: unknown }).cohort);
    }
  });

  it("has null rank, of, percentile and cohort while not ranked, and still the score", async () => {
    const eve = await score(call, p, "eve");
    expect(eve.status).toBe(200);
    expect(eve.body).toMatchObject({
      id: "eve",
      score: 10,
      rank: null,
      of: null,
      percentile: null,
      cohort: null,
      targets: [],
      streak: { current: 0, longest: 1 },
    });
    const fay = await score(call, p, "fay");
    expect(fay.body).toMatchObject({
      id: "fay",
      displayName: "Fay F.",
      score: 0,
      rank: null,
      of: null,
      percentile: null,
      cohort: null,
      streak: { current: 0, longest: 0 },
    });
  });

  it("lists units, capped units and points by metric, lag metrics included but scoring nothing", async () => {
    const week = await score(call, p, "ana");
    expect(week.body.byMetric).toEqual([
      { metric: "tweet", indicator: "lead", units: 10, cappedUnits: 8, points: 16 },
      { metric: "call-prep", indicator: "lead", units: 2.5, cappedUnits: 2.5, points: 1.25 },
      { metric: "deal-won", indicator: "lag", units: 1, cappedUnits: 1, points: 0 },
    ]);
    const tuesday = await score(call, p, "ana", { period: "day", at: "2026-11-24" });
    expect(tuesday.body.score).toBe(11.25);
    expect(tuesday.body.byMetric).toEqual([
      { metric: "tweet", indicator: "lead", units: 7, cappedUnits: 5, points: 10 },
      { metric: "call-prep", indicator: "lead", units: 2.5, cappedUnits: 2.5, points: 1.25 },
      { metric: "deal-won", indicator: "lag", units: 0, cappedUnits: 0, points: 0 },
    ]);
    expect(tuesday.body).toMatchObject({ rank: 1, of: 5 });
    const all = await score(call, p, "ana", { period: "all" });
    expect(all.body.score).toBe(25.25);
    expect(all.body.byMetric[0]).toEqual({ metric: "tweet", indicator: "lead", units: 14, cappedUnits: 12, points: 24 });
  });

  it("scores every period kind, with at as a label or a date inside it", async () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ period: "day" }, "2026-11-26", 0],
      [{ period: "day", at: "2026-11-25" }, "2026-11-25", 2],
      [{ period: "week", at: "2026-W45" }, "2026-W45", 8],
      [{ period: "week", at: "2026-11-08" }, "2026-W45", 8],
      [{ period: "month" }, "2026-11", 25.25],
      [{ period: "month", at: "2026-11" }, "2026-11", 25.25],
      [{ period: "month", at: "2026-10-15" }, "2026-10", 0],
      [{ period: "quarter", at: "2026-Q4" }, "2026-Q4", 25.25],
      [{ period: "quarter", at: "2026-06-30" }, "2026-Q2", 0],
      [{ period: "all", at: "all" }, "all", 25.25],
    ];
    for (const [params, label, expected] of cases) {
      const res = await score(call, p, "ana", params);
      expect(res.status).toBe(200);
      expect(res.body.period.label, JSON.stringify(params)).toBe(label);
      expect(res.body.score, JSON.stringify(params)).toBe(expected);
    }
  });

  it("measures the participant's own targets over the current periods with a fixed clock", async () => {
    const res = await score(call, p, "ana");
    // Each target also carries its forecast (insights-forecasts.test.ts checks those): SPEC §2.12's figures here.
    expect(
      res.body.targets.every((t: { forecast: unknown; forecastStatus: unknown }) => typeof t.forecast === "number" && typeof t.forecastStatus === "string"),
    ).toBe(true);
    expect(res.body.targets.map(measured)).toEqual([
      // Half of the week has passed: expected = half the value.
      { key: "ana-week-score", metric: null, period: "week", value: 20, actual: 17.25, attainment: 0.8625, expected: 10, status: "on_track" },
      { key: "ana-week-met", metric: null, period: "week", value: 15, actual: 17.25, attainment: 1.15, expected: 7.5, status: "met" },
      // 8 / 30 = 0.26666…
      { key: "ana-week-tweets", metric: "tweet", period: "week", value: 30, actual: 8, attainment: 0.2667, expected: 15, status: "behind" },
      // 25.5 of November's 30 days: 12 × 0.85.
      { key: "ana-month-tweets", metric: "tweet", period: "month", value: 12, actual: 12, attainment: 1, expected: 10.2, status: "met" },
      // 1357 of Q4's 2209 hours (it starts in BST): 123.45 × 1357 / 2209 = 75.83602…
      { key: "ana-quarter-score", metric: null, period: "quarter", value: 123.45, actual: 25.25, attainment: 0.2045, expected: 75.836, status: "behind" },
    ]);
    const bo = await score(call, p, "bo");
    expect(bo.body.targets.map(measured)).toEqual([
      { key: "bo-week", metric: null, period: "week", value: 10, actual: 8, attainment: 0.8, expected: 5, status: "on_track" },
    ]);
    // A team target is not anyone's own.
    expect((await score(call, p, "cy")).body.targets).toEqual([]);
  });

  it("measures targets over the periods holding an ended queried period's last day", async () => {
    // 2026-W45 ended on Sunday 8 November: the week target looks at W45 (over: expected = value);
    // the month and quarter targets at November and Q4, which have not ended.
    const res = await score(call, p, "ana", { at: "2026-W45" });
    expect(res.body.targets.map((t: { key: string; actual: number; expected: number; status: string }) => [t.key, t.actual, t.expected, t.status])).toEqual([
      ["ana-week-score", 8, 20, "behind"],
      ["ana-week-met", 8, 15, "behind"],
      ["ana-week-tweets", 4, 30, "behind"],
      ["ana-month-tweets", 12, 10.2, "met"],
      ["ana-quarter-score", 25.25, 75.836, "behind"],
    ]);
    // October has ended: its last day is in 2026-W44 and in October.
    const october = await score(call, p, "ana", { period: "month", at: "2026-10" });
    expect(october.body.targets.map((t: { key: string; actual: number; expected: number }) => [t.key, t.actual, t.expected])).toEqual([
      ["ana-week-score", 0, 20],
      ["ana-week-met", 0, 15],
      ["ana-week-tweets", 0, 30],
      ["ana-month-tweets", 0, 12],
      ["ana-quarter-score", 25.25, 75.836],
    ]);
    // A period that has not ended (a future week, or all) measures the periods holding today.
    const current = (await score(call, p, "ana")).body.targets;
    expect((await score(call, p, "ana", { at: "2026-W50" })).body.targets).toEqual(current);
    expect((await score(call, p, "ana", { period: "all" })).body.targets).toEqual(current);
  });

  it("counts streaks: current ends today or yesterday, longest over all time", async () => {
    const streaks: Record<string, { current: number; longest: number }> = {
      ana: { current: 3, longest: 4 },
      bo: { current: 2, longest: 2 },
      cy: { current: 0, longest: 1 },
      dee: { current: 0, longest: 3 },
      gil: { current: 0, longest: 0 },
    };
    for (const [id, streak] of Object.entries(streaks)) expect((await score(call, p, id)).body.streak, id).toEqual(streak);
    // The streak does not depend on the queried period.
    expect((await score(call, p, "ana", { period: "all" })).body.streak).toEqual(streaks.ana);
    // On Saturday, ana's run (to Wednesday) is over; bo's too.
    const saturday = apiAt(() => Date.parse("2026-11-28T12:00:00Z"));
    expect((await score(saturday, p, "ana")).body.streak).toEqual({ current: 0, longest: 4 });
    expect((await score(saturday, p, "bo")).body.streak).toEqual({ current: 0, longest: 2 });
  });

  it("keeps an archived metric's points in the score and lists them", async () => {
    const q = await newProgram(basicDocument({ targets: [] }), call);
    await addParticipants(q, [{ id: "ana" }], undefined, call);
    await post(call, q, [
      { participant: "ana", metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value: 3 },
      { participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" },
    ]);
    const archived = basicDocument({ targets: [], metrics: (basicDocument().metrics as { key: string }[]).filter((m) => m.key !== "call-prep") });
    expect((await call("PUT", q.base, { key: q.adminKey, body: archived })).status).toBe(200);
    const res = await score(call, q, "ana");
    expect(res.body.score).toBe(3.5);
    expect(res.body.byMetric).toEqual([
      { metric: "tweet", indicator: "lead", units: 1, cappedUnits: 1, points: 2 },
      { metric: "deal-won", indicator: "lag", units: 0, cappedUnits: 0, points: 0 },
      { metric: "call-prep", indicator: "lead", units: 3, cappedUnits: 3, points: 1.5 },
    ]);
  });

  it("answers 404 for an unknown participant or program, and 422 for a bad period or at", async () => {
    expectError(await score(call, p, "nobody"), 404);
    expectError(await call("GET", "/v1/programs/no-such-program/participants/ana/score", { key: p.adminKey }), 404);
    expectError(await call("GET", "/v1/programs/no-such-program/participants/ana/score"), 404);
    // A participant of another program of the same organisation is not this program's.
    const other = await call("PUT", `/v1/programs/${p.program}-b`, { key: p.adminKey, body: basicDocument({ targets: [] }) });
    expect(other.status).toBe(201);
    expectError(await call("GET", `/v1/programs/${p.program}-b/participants/ana/score`, { key: p.adminKey }), 404);
    for (const [params, field] of [
      [{ period: "year" }, "period"],
      [{ at: "2026-W54" }, "at"],
      [{ at: "2026-13-01" }, "at"],
      [{ period: "month", at: "2026-W48" }, "at"],
      [{ period: "quarter", at: "2026-Q0" }, "at"],
      [{ at: "soon" }, "at"],
    ] as [Record<string, string>, string][]) {
      expectInvalidFields(await score(call, p, "ana", params), [field]);
    }
  });
});

describe("participant ids in paths", () => {
  it("finds participants whose ids need escaping in a path segment", async () => {
    const p = await newProgram(basicDocument({ requireOptIn: false, targets: [] }), call);
    const ids = ["a/b", "a%2Fb", "50%", "q?x", "h#1", "sp ace", "+plus", "é", "😀"];
    const put = await call("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: ids.map((id) => ({ id, displayName: id, team: null, cohort: null })) },
    });
    expect(put.status).toBe(200);
    await post(call, p, [{ participant: "a/b", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" }]);
    for (const id of ids) {
      const res = await score(call, p, id);
      expect(res.status, id).toBe(200);
      expect(res.body.id).toBe(id);
      expect(res.body.score, id).toBe(id === "a/b" ? 2 : 0);
    }
  });
});

describe("percentiles", () => {
  it("rounds 100 × lower / (N − 1) half up, ties sharing one, and is 100 alone", async () => {
    const p = await newProgram(
      basicDocument({ targets: [], metrics: [{ key: "pts", name: "Points", indicator: "lead", aggregation: "sum", points: 1, dailyCap: null }] }),
      call,
    );
    const scores: Record<string, number> = { a: 9, b: 8, c: 8, d: 6, e: 5, f: 4, g: 3, h: 2, i: 0 };
    await addParticipants(
      p,
      Object.keys(scores).map((id) => ({ id, cohort: id === "a" ? "alone" : null })),
      undefined,
      call,
    );
    await post(
      call,
      p,
      Object.entries(scores)
        .filter(([, v]) => v > 0)
        .map(([participant, value]) => ({ participant, metric: "pts", occurredAt: "2026-11-24T10:00:00Z", value })),
    );
    // N = 9, so N − 1 = 8: 6/8 = 75, 5/8 = 62.5 → 63, 3/8 = 37.5 → 38, 1/8 = 12.5 → 13.
    const expected: Record<string, [number, number]> = {
      a: [1, 100],
      b: [2, 75],
      c: [2, 75],
      d: [4, 63],
      e: [5, 50],
      f: [6, 38],
      g: [7, 25],
      h: [8, 13],
      i: [9, 0],
    };
    for (const [id, [rank, percentile]] of Object.entries(expected)) {
      const res = await score(call, p, id);
      expect([res.body.rank, res.body.of, res.body.percentile], id).toEqual([rank, 9, percentile]);
    }
    expect((await score(call, p, "a")).body.cohort).toEqual({ name: "alone", rank: 1, of: 1, percentile: 100 });
  });
});
