/**
 * GET /v1/programs/{program}/leaderboard in workerd over a real local D1 (SPEC §2, §4): exact
 * scores for every period kind, period instants, 1224 ranks with code-point ties, who is ranked,
 * cohorts, cursor pagination, `around`, team boards, and the 400/404/422 answers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { expectError, expectInvalidFields } from "./checks";
import { type Program, board, post, times, triples, walk } from "./reads";

/** Thursday of 2026-W48, 12:00 in London (GMT). */
const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);

/** A program whose one lead metric scores its summed value 1:1, so scores are easy to set. */
const plainDocument = (overrides: Record<string, unknown> = {}) =>
  basicDocument({
    metrics: [{ key: "pts", name: "Points", indicator: "lead", aggregation: "sum", points: 1, dailyCap: null }],
    teams: [],
    targets: [],
    ...overrides,
  });

/** Gives each participant its score in one event on Monday of 2026-W48. */
async function setScores(p: Program, scores: Record<string, number>) {
  const events = Object.entries(scores)
    .filter(([, value]) => value > 0)
    .map(([participant, value]) => ({ participant, metric: "pts", occurredAt: "2026-11-23T10:00:00Z", value }));
  await post(call, p, events);
}

const instant = (text: string | null) => (text === null ? null : Date.parse(text));

describe("scores and periods", () => {
  let p: Program;

  beforeAll(async () => {
    p = await newProgram(basicDocument(), call);
    await addParticipants(
      p,
      [{ id: "ana", team: "uk", cohort: "London" }, { id: "bo", team: "uk", cohort: "SMB" }, { id: "cy", team: "emea", cohort: "London" }, { id: "dee" }],
      undefined,
      call,
    );
    await post(call, p, [
      // ana: 7 tweets capped at 5 × 2 = 10 on Monday; call prep (0.1 + 0.2) × 0.5 = 0.15 on Tuesday.
      ...times(7, { participant: "ana", metric: "tweet", occurredAt: "2026-11-23T09:00:00Z" }),
      { participant: "ana", metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value: 0.1 },
      { participant: "ana", metric: "call-prep", occurredAt: "2026-11-24T10:05:00Z", value: 0.2 },
      // A lag metric is reported, never scored.
      ...times(3, { participant: "ana", metric: "deal-won", occurredAt: "2026-11-24T11:00:00Z" }),
      // 1.15 × 0.5 = 0.575 in 2026-W45.
      { participant: "ana", metric: "call-prep", occurredAt: "2026-11-02T12:00:00Z", value: 1.15 },
      // 23:30 UTC on 20 October is 00:30 BST on the 21st: that day, 2026-W43.
      { participant: "ana", metric: "tweet", occurredAt: "2026-10-20T23:30:00Z" },
      // Q1.
      ...times(2, { participant: "ana", metric: "tweet", occurredAt: "2026-03-10T12:00:00Z" }),
      // bo: 20.01 × 0.5 = 10.005, plus 2 tweets.
      { participant: "bo", metric: "call-prep", occurredAt: "2026-11-25T08:00:00Z", value: 20.01 },
      ...times(2, { participant: "bo", metric: "tweet", occurredAt: "2026-11-25T08:00:00Z" }),
      // cy ties ana on the week: 5 tweets (10) and 0.3 × 0.5.
      ...times(5, { participant: "cy", metric: "tweet", occurredAt: "2026-11-23T00:00:00Z" }),
      { participant: "cy", metric: "call-prep", occurredAt: "2026-11-26T11:00:00Z", value: 0.3 },
      // 22:30 UTC on 30 September is 23:30 BST: Q3. An hour later it is 1 October: Q4.
      { participant: "cy", metric: "tweet", occurredAt: "2026-09-30T22:30:00Z" },
      { participant: "cy", metric: "tweet", occurredAt: "2026-09-30T23:30:00Z" },
    ]);
  });

  const cases: { period: string; at?: string; label: string; expected: [number, string, number][] }[] = [
    {
      period: "week",
      label: "2026-W48",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 10.15],
        [2, "cy", 10.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "week",
      at: "2026-W48",
      label: "2026-W48",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 10.15],
        [2, "cy", 10.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "week",
      at: "2026-11-29",
      label: "2026-W48",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 10.15],
        [2, "cy", 10.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "week",
      at: "2026-11-02",
      label: "2026-W45",
      expected: [
        [1, "ana", 0.575],
        [2, "bo", 0],
        [2, "cy", 0],
        [2, "dee", 0],
      ],
    },
    {
      period: "day",
      label: "2026-11-26",
      expected: [
        [1, "cy", 0.15],
        [2, "ana", 0],
        [2, "bo", 0],
        [2, "dee", 0],
      ],
    },
    {
      period: "day",
      at: "2026-11-23",
      label: "2026-11-23",
      expected: [
        [1, "ana", 10],
        [1, "cy", 10],
        [3, "bo", 0],
        [3, "dee", 0],
      ],
    },
    {
      period: "day",
      at: "2026-10-21",
      label: "2026-10-21",
      expected: [
        [1, "ana", 2],
        [2, "bo", 0],
        [2, "cy", 0],
        [2, "dee", 0],
      ],
    },
    {
      period: "day",
      at: "2026-10-20",
      label: "2026-10-20",
      expected: [
        [1, "ana", 0],
        [1, "bo", 0],
        [1, "cy", 0],
        [1, "dee", 0],
      ],
    },
    {
      period: "month",
      label: "2026-11",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 10.725],
        [3, "cy", 10.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "month",
      at: "2026-11-15",
      label: "2026-11",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 10.725],
        [3, "cy", 10.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "month",
      at: "2026-10",
      label: "2026-10",
      expected: [
        [1, "ana", 2],
        [1, "cy", 2],
        [3, "bo", 0],
        [3, "dee", 0],
      ],
    },
    {
      period: "quarter",
      at: "2026-Q4",
      label: "2026-Q4",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 12.725],
        [3, "cy", 12.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "quarter",
      at: "2026-12-31",
      label: "2026-Q4",
      expected: [
        [1, "bo", 14.005],
        [2, "ana", 12.725],
        [3, "cy", 12.15],
        [4, "dee", 0],
      ],
    },
    {
      period: "quarter",
      at: "2026-07-01",
      label: "2026-Q3",
      expected: [
        [1, "cy", 2],
        [2, "ana", 0],
        [2, "bo", 0],
        [2, "dee", 0],
      ],
    },
    {
      period: "quarter",
      at: "2026-Q1",
      label: "2026-Q1",
      expected: [
        [1, "ana", 4],
        [2, "bo", 0],
        [2, "cy", 0],
        [2, "dee", 0],
      ],
    },
    {
      period: "all",
      label: "all",
      expected: [
        [1, "ana", 16.725],
        [2, "cy", 14.15],
        [3, "bo", 14.005],
        [4, "dee", 0],
      ],
    },
    {
      period: "all",
      at: "all",
      label: "all",
      expected: [
        [1, "ana", 16.725],
        [2, "cy", 14.15],
        [3, "bo", 14.005],
        [4, "dee", 0],
      ],
    },
    {
      period: "all",
      at: "2020-01-01",
      label: "all",
      expected: [
        [1, "ana", 16.725],
        [2, "cy", 14.15],
        [3, "bo", 14.005],
        [4, "dee", 0],
      ],
    },
  ];

  it.each(cases)("period=$period at=$at → $label", async ({ period, at, label, expected }) => {
    const res = await board(call, p, { period, at });
    expect(res.status).toBe(200);
    expect(res.body.period.kind).toBe(period);
    expect(res.body.period.label).toBe(label);
    expect(res.body.total).toBe(4);
    expect(triples(res.body.entries)).toEqual(expected);
    expect(res.body.nextCursor).toBeNull();
  });

  it("answers the documented shape: program, scope, period, cohort, metric, total, entries, nextCursor", async () => {
    const res = await board(call, p);
    expect(Object.keys(res.body).sort()).toEqual(["cohort", "entries", "metric", "nextCursor", "period", "program", "scope", "total"]);
    // SPEC v1.1 §5.2: `metric` is null for the lead score.
    expect(res.body).toMatchObject({ program: p.program, scope: "individual", cohort: null, metric: null, total: 4 });
    expect(res.body.period).toEqual({ kind: "week", label: "2026-W48", start: expect.any(String), end: expect.any(String) });
    expect(res.body.entries[0]).toEqual({ rank: 1, id: "bo", displayName: "bo", team: "uk", score: 14.005 });
    expect(res.body.entries[3]).toEqual({ rank: 4, id: "dee", displayName: "dee", team: null, score: 0 });
  });

  it("filters by cohort: ranks and total among the cohort only", async () => {
    const london = await board(call, p, { cohort: "London" });
    expect(london.body.cohort).toBe("London");
    expect(london.body.total).toBe(2);
    expect(triples(london.body.entries)).toEqual([
      [1, "ana", 10.15],
      [1, "cy", 10.15],
    ]);
    const smb = await board(call, p, { cohort: "SMB", period: "all" });
    expect(triples(smb.body.entries)).toEqual([[1, "bo", 14.005]]);
    const nobody = await board(call, p, { cohort: "Nowhere" });
    expect(nobody.body).toMatchObject({ total: 0, entries: [], nextCursor: null, cohort: "Nowhere" });
  });
});

describe("period instants", () => {
  const cases: { timezone: string; period: string; at: string; label: string; start: string | null; end: string | null }[] = [
    // London leaves BST on Sunday 25 October 2026: the week is 169 hours long.
    { timezone: "Europe/London", period: "week", at: "2026-10-25", label: "2026-W43", start: "2026-10-18T23:00:00Z", end: "2026-10-26T00:00:00Z" },
    { timezone: "Europe/London", period: "week", at: "2026-W43", label: "2026-W43", start: "2026-10-18T23:00:00Z", end: "2026-10-26T00:00:00Z" },
    { timezone: "Europe/London", period: "day", at: "2026-10-25", label: "2026-10-25", start: "2026-10-24T23:00:00Z", end: "2026-10-26T00:00:00Z" },
    { timezone: "Europe/London", period: "month", at: "2026-10", label: "2026-10", start: "2026-09-30T23:00:00Z", end: "2026-11-01T00:00:00Z" },
    { timezone: "Europe/London", period: "quarter", at: "2026-11-26", label: "2026-Q4", start: "2026-09-30T23:00:00Z", end: "2027-01-01T00:00:00Z" },
    // 2026 has 53 ISO weeks: 31 December and 3 January 2027 are in 2026-W53.
    { timezone: "Europe/London", period: "week", at: "2026-12-31", label: "2026-W53", start: "2026-12-28T00:00:00Z", end: "2027-01-04T00:00:00Z" },
    { timezone: "Europe/London", period: "week", at: "2027-01-03", label: "2026-W53", start: "2026-12-28T00:00:00Z", end: "2027-01-04T00:00:00Z" },
    { timezone: "Europe/London", period: "week", at: "2026-W53", label: "2026-W53", start: "2026-12-28T00:00:00Z", end: "2027-01-04T00:00:00Z" },
    { timezone: "Europe/London", period: "week", at: "2027-01-04", label: "2027-W01", start: "2027-01-04T00:00:00Z", end: "2027-01-11T00:00:00Z" },
    { timezone: "Europe/London", period: "week", at: "2021-01-03", label: "2020-W53", start: "2020-12-28T00:00:00Z", end: "2021-01-04T00:00:00Z" },
    { timezone: "Europe/London", period: "all", at: "all", label: "all", start: null, end: null },
    // Chatham is UTC+13:45 in November and leaves daylight time on 5 April 2026 (+12:45).
    { timezone: "Pacific/Chatham", period: "week", at: "2026-W48", label: "2026-W48", start: "2026-11-22T10:15:00Z", end: "2026-11-29T10:15:00Z" },
    { timezone: "Pacific/Chatham", period: "week", at: "2026-04-01", label: "2026-W14", start: "2026-03-29T10:15:00Z", end: "2026-04-05T11:15:00Z" },
    { timezone: "Pacific/Chatham", period: "day", at: "2026-09-27", label: "2026-09-27", start: "2026-09-26T11:15:00Z", end: "2026-09-27T10:15:00Z" },
    { timezone: "Asia/Kolkata", period: "month", at: "2026-02-10", label: "2026-02", start: "2026-01-31T18:30:00Z", end: "2026-02-28T18:30:00Z" },
  ];
  const programs = new Map<string, Promise<Program>>();
  const programIn = (timezone: string) => {
    if (!programs.has(timezone)) programs.set(timezone, newProgram(plainDocument({ timezone }), call));
    return programs.get(timezone)!;
  };

  it.each(cases)("$timezone $period at=$at → $label [$start, $end)", async ({ timezone, period, at, label, start, end }) => {
    const p = await programIn(timezone);
    const res = await board(call, p, { period, at });
    expect(res.status).toBe(200);
    expect(res.body.period.kind).toBe(period);
    expect(res.body.period.label).toBe(label);
    // RFC 3339 in UTC.
    for (const text of [res.body.period.start, res.body.period.end]) if (text !== null) expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(instant(res.body.period.start)).toBe(instant(start));
    expect(instant(res.body.period.end)).toBe(instant(end));
  });

  it("defaults to the period holding today in the program's zone", async () => {
    // 12:00 UTC on 26 November is already 01:45 on the 27th in Chatham.
    const chatham = await programIn("Pacific/Chatham");
    expect((await board(call, chatham, { period: "day" })).body.period.label).toBe("2026-11-27");
    const kolkata = await programIn("Asia/Kolkata");
    expect((await board(call, kolkata, { period: "day" })).body.period.label).toBe("2026-11-26");
    const late = apiAt(() => Date.parse("2026-11-29T10:15:00Z"));
    expect((await board(late, chatham)).body.period.label).toBe("2026-W49");
    expect((await board(late, kolkata)).body.period.label).toBe("2026-W48");
  });

  it("puts an event on its local day in the program's zone", async () => {
    const p = await newProgram(plainDocument({ timezone: "Pacific/Chatham" }), call);
    await addParticipants(p, [{ id: "ana" }], undefined, call);
    await post(call, p, [
      { participant: "ana", metric: "pts", occurredAt: "2026-11-22T10:14:59Z", value: 1 }, // 23:59:59 on Sunday 22nd
      { participant: "ana", metric: "pts", occurredAt: "2026-11-22T10:15:00Z", value: 2 }, // 00:00 on Monday 23rd
    ]);
    expect(triples((await board(call, p, { at: "2026-W47" })).body.entries)).toEqual([[1, "ana", 1]]);
    expect(triples((await board(call, p, { at: "2026-W48" })).body.entries)).toEqual([[1, "ana", 2]]);
    expect(triples((await board(call, p, { period: "day", at: "2026-11-23" })).body.entries)).toEqual([[1, "ana", 2]]);
  });
});

describe("weight versions", () => {
  it("re-scores history from effectiveFrom, re-weights from today without it, and never scores lag metrics", async () => {
    const tweet = (points: number, dailyCap: number | null, effectiveFrom?: string) => ({
      key: "tweet",
      name: "Tweets",
      indicator: "lead",
      aggregation: "count",
      points,
      dailyCap,
      ...(effectiveFrom ? { effectiveFrom } : {}),
    });
    const deals = { key: "deal-won", name: "Deals", indicator: "lag", aggregation: "count", points: 5, dailyCap: null };
    const doc = (t: object) => plainDocument({ metrics: [t, deals] });
    const p = await newProgram(doc(tweet(2, 5, "2026-01-01")), call);
    await addParticipants(p, [{ id: "ana" }], undefined, call);
    await post(call, p, [
      ...times(3, { participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" }),
      ...times(3, { participant: "ana", metric: "tweet", occurredAt: "2026-11-24T10:00:00Z" }),
      ...times(3, { participant: "ana", metric: "tweet", occurredAt: "2026-11-26T10:00:00Z" }),
      ...times(4, { participant: "ana", metric: "deal-won", occurredAt: "2026-11-26T10:00:00Z" }),
    ]);
    const scores = async () =>
      Promise.all(
        ["2026-W47", "2026-W48", "all"].map(async (at) => (await board(call, p, { period: at === "all" ? "all" : "week", at })).body.entries[0].score),
      );
    expect(await scores()).toEqual([6, 12, 18]);

    // From Tuesday 24th on, 3 points a tweet: history re-scored.
    expect((await call("PUT", p.base, { key: p.adminKey, body: doc(tweet(3, 5, "2026-11-24")) })).status).toBe(200);
    expect(await scores()).toEqual([6, 18, 24]);

    // 1 point from today (26th) on: the 24th keeps 3 points.
    expect((await call("PUT", p.base, { key: p.adminKey, body: doc(tweet(1, 5)) })).status).toBe(200);
    expect(await scores()).toEqual([6, 12, 18]);

    // A cap of 2 from the start of the year replaces every version since: 2 a day everywhere.
    expect((await call("PUT", p.base, { key: p.adminKey, body: doc(tweet(1, 2, "2026-01-01")) })).status).toBe(200);
    expect(await scores()).toEqual([2, 4, 6]);
    expect(triples((await board(call, p, { period: "day" })).body.entries)).toEqual([[1, "ana", 2]]);
  });

  it("scores days before the first version with the first version, also after it is replaced", async () => {
    const tweet = (points: number, effectiveFrom?: string) => ({
      key: "tweet",
      name: "Tweets",
      indicator: "lead",
      aggregation: "count",
      points,
      dailyCap: null,
      ...(effectiveFrom ? { effectiveFrom } : {}),
    });
    // Created today (26th) without effectiveFrom: its first version is dated today and scores every earlier day too.
    const p = await newProgram(plainDocument({ metrics: [tweet(2)] }), call);
    await addParticipants(p, [{ id: "ana" }], undefined, call);
    await post(call, p, times(3, { participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" }));
    expect((await board(call, p, { at: "2026-W47" })).body.entries[0].score).toBe(6);
    // A version dated the 24th replaces the one dated the 26th, and so becomes the first: it scores the 20th.
    expect((await call("PUT", p.base, { key: p.adminKey, body: plainDocument({ metrics: [tweet(3, "2026-11-24")] }) })).status).toBe(200);
    expect((await board(call, p, { at: "2026-W47" })).body.entries[0].score).toBe(9);
  });
});

describe("ranking", () => {
  let p: Program;
  const ids = ["b", "B", "é", "e\u0301", "\uff21", "😀", "a", "zed", "Zack", "gus", "fay"];

  beforeAll(async () => {
    p = await newProgram(plainDocument(), call);
    const cohortOf: Record<string, string> = { B: "London", é: "London", "😀": "London", a: "London", gus: "London" };
    await addParticipants(
      p,
      ids.filter((id) => id !== "fay").map((id) => ({ id, cohort: cohortOf[id] ?? null })),
      undefined,
      call,
    );
    // fay is never opted in.
    const put = await call("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [{ id: "fay", displayName: "Fay", team: null, cohort: "London" }] },
    });
    expect(put.status).toBe(200);
    await setScores(p, { b: 10, B: 10, é: 5, "e\u0301": 5, "\uff21": 3, "😀": 3, gus: 20 });
    // gus scored, then opted out.
    const out = await call("POST", `${p.base}/participants/gus/opt-out`, { key: p.adminKey, body: { at: "2026-11-25T00:00:00Z" } });
    expect(out.status).toBe(200);
  });

  const expected = [
    [1, "B", 10],
    [1, "b", 10],
    [3, "e\u0301", 5],
    [3, "é", 5],
    // U+FF21 before U+1F600, although UTF-16 would put the emoji's surrogates first.
    [5, "\uff21", 3],
    [5, "😀", 3],
    [7, "Zack", 0],
    [7, "a", 0],
    [7, "zed", 0],
  ];

  it("ranks 1224, ties by id in code-point order, zero scores included, opted-out and never opted-in absent", async () => {
    const res = await board(call, p);
    expect(res.body.total).toBe(9);
    expect(triples(res.body.entries)).toEqual(expected);
  });

  it("ranks within a cohort", async () => {
    const res = await board(call, p, { cohort: "London" });
    expect(res.body.total).toBe(4);
    expect(triples(res.body.entries)).toEqual([
      [1, "B", 10],
      [2, "é", 5],
      [3, "😀", 3],
      [4, "a", 0],
    ]);
  });

  it("ranks everyone where the program does not require opt-in, and again only the opted in when it does", async () => {
    expect((await call("PUT", p.base, { key: p.adminKey, body: plainDocument({ requireOptIn: false }) })).status).toBe(200);
    const open = await board(call, p);
    expect(open.body.total).toBe(11);
    expect(triples(open.body.entries)).toEqual([
      [1, "gus", 20],
      ...expected.slice(0, 6).map(([r, id, s]) => [(r as number) + 1, id, s]),
      [8, "Zack", 0],
      [8, "a", 0],
      [8, "fay", 0],
      [8, "zed", 0],
    ]);
    expect(open.body.entries.find((e: { id: string }) => e.id === "fay").displayName).toBe("Fay");
    expect(triples((await board(call, p, { cohort: "London" })).body.entries)).toEqual([
      [1, "gus", 20],
      [2, "B", 10],
      [3, "é", 5],
      [4, "😀", 3],
      [5, "a", 0],
      [5, "fay", 0],
    ]);

    expect((await call("PUT", p.base, { key: p.adminKey, body: plainDocument({ requireOptIn: true }) })).status).toBe(200);
    expect(triples((await board(call, p)).body.entries)).toEqual(expected);
  });

  it("moves a participant on and off the board as they opt out and in again", async () => {
    const q = await newProgram(plainDocument(), call);
    await addParticipants(q, [{ id: "ana" }, { id: "bo" }], undefined, call);
    await setScores(q, { ana: 2, bo: 1 });
    await call("POST", `${q.base}/participants/ana/opt-out`, { key: q.adminKey, body: { at: "2026-11-24T00:00:00Z" } });
    expect(triples((await board(call, q)).body.entries)).toEqual([[1, "bo", 1]]);
    await call("POST", `${q.base}/participants/ana/opt-in`, { key: q.adminKey, body: { at: "2026-11-25T00:00:00Z" } });
    expect(triples((await board(call, q)).body.entries)).toEqual([
      [1, "ana", 2],
      [2, "bo", 1],
    ]);
  });
});

describe("pagination", () => {
  let p: Program;
  const PREFIXES = ["p", "P", "é", "😀", "\uff21"];
  const SCORES = [5, 5, 5, 4, 4, 3, 3, 3, 3, 2, 1, 1];
  const ids = Array.from({ length: 30 }, (_, i) => `${PREFIXES[i % 5]}${String(i).padStart(2, "0")}`);
  const scoreOf = (i: number) => SCORES[i] ?? 0;
  let full: { rank: number; id: string; score: number }[];

  beforeAll(async () => {
    p = await newProgram(plainDocument(), call);
    await addParticipants(
      p,
      [...ids.map((id, i) => ({ id, cohort: i % 3 === 0 ? "third" : null })), { id: "out-high", cohort: "third" }, { id: "out-zero", cohort: "third" }],
      undefined,
      call,
    );
    await setScores(p, { ...Object.fromEntries(ids.map((id, i) => [id, scoreOf(i)])), "out-high": 4.5 });
    for (const id of ["out-high", "out-zero"]) {
      expect((await call("POST", `${p.base}/participants/${id}/opt-out`, { key: p.adminKey, body: {} })).status).toBe(200);
    }
    full = (await board(call, p, { limit: 1000 })).body.entries;
  });

  it("has the full board ranked as counted by hand", () => {
    const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!);
    const byCodePoint = (a: string, b: string) => {
      const x = codePoints(a);
      const y = codePoints(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    };
    const expected = ids
      .map((id, i) => ({ id, score: scoreOf(i) }))
      .sort((a, b) => b.score - a.score || byCodePoint(a.id, b.id))
      .map((e, _, all) => [1 + all.filter((o) => o.score > e.score).length, e.id, e.score]);
    expect(triples(full)).toEqual(expected);
    expect(full.length).toBe(30);
  });

  it.each([1, 2, 3, 4, 5, 7, 11, 12, 13, 29, 30, 31])("concatenates pages of %i to the whole board", async (limit) => {
    const { pages, entries } = await walk(call, p, { limit });
    expect(entries).toEqual(full);
    expect(pages.length).toBe(Math.max(1, Math.ceil(30 / limit)));
    for (const page of pages) expect(page.body.total).toBe(30);
  });

  it("concatenates pages of a cohort board and of another period", async () => {
    const cohortFull = (await board(call, p, { cohort: "third", limit: 1000 })).body.entries;
    expect(cohortFull.length).toBe(10);
    expect((await walk(call, p, { cohort: "third", limit: 3 })).entries).toEqual(cohortFull);
    const allFull = (await board(call, p, { period: "all", limit: 1000 })).body.entries;
    expect(triples(allFull)).toEqual(triples(full));
    expect((await walk(call, p, { period: "all", at: "all", limit: 4 })).entries).toEqual(allFull);
    const emptyDay = await walk(call, p, { period: "day", at: "2026-11-20", limit: 7 });
    expect(emptyDay.entries.map((e) => e.rank)).toEqual(Array(30).fill(1));
  });

  it("refuses a cursor with other parameters (400) and accepts it with the same ones", async () => {
    const first = await board(call, p, { limit: 5 });
    const cursor = first.body.nextCursor as string;
    expect((await board(call, p, { limit: 5, cursor })).status).toBe(200);
    expect((await board(call, p, { limit: 5, cursor, at: "2026-W48", period: "week", scope: "individual" })).status).toBe(200);
    for (const other of [
      { limit: 6 },
      { limit: 5, period: "month" },
      { limit: 5, period: "day" },
      { limit: 5, period: "all" },
      { limit: 5, at: "2026-W47" },
      { limit: 5, cohort: "third" },
      { limit: 5, scope: "team" },
    ]) {
      expectError(await board(call, p, { ...other, cursor }), 400);
    }
  });

  it("refuses a cursor it never gave out (400)", async () => {
    const b64 = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    for (const cursor of [
      "garbage",
      "!!!!",
      "%%%",
      b64("not json"),
      b64('{"query":"x"}'),
      b64('["individual|week|2026-W48||5", 1.5, "p00"]'),
      b64('["individual|week|2026-W48||5", 3, 7]'),
      b64('["individual|week|nonsense||5", 3, "p00"]'),
      b64('["individual|week|2026-W99||5", 3, "p00"]'),
      b64('["nonsense", 3, "p00"]'),
    ]) {
      expectError(await board(call, p, { limit: 5, cursor }), 400);
    }
  });

  it("keeps paging the board the cursor was made for when the period turns over", async () => {
    const first = await board(call, p, { limit: 10 });
    expect(first.body.period.label).toBe("2026-W48");
    const nextWeek = apiAt(() => Date.parse("2026-12-01T09:00:00Z"));
    const second = await board(nextWeek, p, { limit: 10, cursor: first.body.nextCursor });
    expect(second.status).toBe(200);
    expect(second.body.period.label).toBe("2026-W48");
    expect(second.body.entries).toEqual(full.slice(10, 20));
    expect((await board(nextWeek, p, { limit: 10 })).body.period.label).toBe("2026-W49");
  });

  it("pages 100 entries by default", async () => {
    // Without opt-in every participant is ranked at once: 105 zero scores.
    const q = await newProgram(plainDocument({ requireOptIn: false }), call);
    const many = Array.from({ length: 105 }, (_, i) => ({ id: `m${String(i).padStart(3, "0")}`, displayName: `M ${i}`, team: null, cohort: null }));
    expect((await call("PUT", `${q.base}/participants`, { key: q.adminKey, body: { participants: many } })).status).toBe(200);
    const first = await board(call, q);
    expect(first.body.total).toBe(105);
    expect(first.body.entries.length).toBe(100);
    expect(first.body.entries.every((e: { rank: number }) => e.rank === 1)).toBe(true);
    const second = await board(call, q, { cursor: first.body.nextCursor });
    expect(second.body.entries.map((e: { id: string }) => e.id)).toEqual(["m100", "m101", "m102", "m103", "m104"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("continues after the cursor's place when that entry has left the board meanwhile", async () => {
    const q = await newProgram(plainDocument(), call);
    await addParticipants(
      q,
      ["a", "b", "c", "d", "e", "f"].map((id) => ({ id })),
      undefined,
      call,
    );
    await setScores(q, { a: 6, b: 5, c: 4, d: 3, e: 2 });
    const first = await board(call, q, { limit: 3 });
    expect(triples(first.body.entries)).toEqual([
      [1, "a", 6],
      [2, "b", 5],
      [3, "c", 4],
    ]);
    expect((await call("POST", `${q.base}/participants/c/opt-out`, { key: q.adminKey, body: {} })).status).toBe(200);
    const second = await board(call, q, { limit: 3, cursor: first.body.nextCursor });
    expect(second.body.total).toBe(5);
    expect(triples(second.body.entries)).toEqual([
      [3, "d", 3],
      [4, "e", 2],
      [5, "f", 0],
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("ranks the next page as the board stands when the cursor's tied entry has left it meanwhile", async () => {
    const q = await newProgram(plainDocument(), call);
    await addParticipants(
      q,
      ["a", "b", "c", "d", "e"].map((id) => ({ id })),
      undefined,
      call,
    );
    await setScores(q, { a: 5, b: 5, c: 5, d: 5, e: 4 });
    const first = await board(call, q, { limit: 3 });
    expect(triples(first.body.entries)).toEqual([
      [1, "a", 5],
      [1, "b", 5],
      [1, "c", 5],
    ]);
    expect((await call("POST", `${q.base}/participants/c/opt-out`, { key: q.adminKey, body: {} })).status).toBe(200);
    const second = await board(call, q, { limit: 3, cursor: first.body.nextCursor });
    expect(triples(second.body.entries)).toEqual([
      [1, "d", 5],
      [4, "e", 4],
    ]);
  });

  const centred = (index: number, limit: number) => {
    const start = Math.max(0, Math.min(index - Math.floor((limit - 1) / 2), full.length - limit));
    return full.slice(start, start + limit);
  };

  it.each([
    [14, 5],
    [14, 4],
    [10, 3],
    [11, 6],
    [12, 7],
    [20, 5],
    [0, 5],
    [1, 5],
    [2, 5],
    [29, 5],
    [28, 5],
    [27, 4],
    [5, 1],
    [0, 30],
    [15, 100],
  ])("centres the page on the entry at %i with limit %i", async (index, limit) => {
    const around = full[index].id;
    const res = await board(call, p, { around, limit });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(30);
    expect(res.body.entries).toEqual(centred(index, Math.min(limit, 30)));
    expect(res.body.entries.map((e: { id: string }) => e.id)).toContain(around);
    const end = full.findIndex((e) => e.id === res.body.entries.at(-1).id);
    if (end === full.length - 1) {
      expect(res.body.nextCursor).toBeNull();
    } else {
      // The cursor of an around page continues right after it.
      const next = await board(call, p, { limit, cursor: res.body.nextCursor });
      expect(next.body.entries).toEqual(full.slice(end + 1, end + 1 + limit));
    }
  });

  it("centres a cohort page within the cohort", async () => {
    const cohortFull = (await board(call, p, { cohort: "third", limit: 1000 })).body.entries;
    const res = await board(call, p, { cohort: "third", around: cohortFull[5].id, limit: 3 });
    expect(res.body.entries).toEqual(cohortFull.slice(4, 7));
  });

  it("refuses around with a cursor (400), and around someone not on the board (404)", async () => {
    const first = await board(call, p, { limit: 5 });
    expectError(await board(call, p, { limit: 5, cursor: first.body.nextCursor, around: ids[0] }), 400);
    expectError(await board(call, p, { around: "nobody" }), 404);
    expectError(await board(call, p, { around: "out-high" }), 404);
    expectError(await board(call, p, { around: "out-zero" }), 404);
    // On the board, but not in this cohort.
    expectError(await board(call, p, { around: ids[1], cohort: "third" }), 404);
  });
});

describe("team boards", () => {
  let p: Program;
  const teams = [
    { key: "emea", name: "EMEA", parent: null },
    { key: "uk", name: "UK", parent: "emea" },
    { key: "uk-london", name: "London", parent: "uk" },
    { key: "fr", name: "France", parent: "emea" },
    { key: "apac", name: "APAC", parent: null },
    { key: "na", name: "North America", parent: null },
    { key: "z-team", name: "Z", parent: null },
    { key: "b-team", name: "B", parent: null },
    { key: "a-team", name: "A", parent: null },
  ];
  const doc = (teamAggregation: string) =>
    plainDocument({
      teamAggregation,
      metrics: [
        { key: "pts", name: "Points", indicator: "lead", aggregation: "sum", points: 1, dailyCap: null },
        { key: "micro", name: "Micro", indicator: "lead", aggregation: "sum", points: 0.01, dailyCap: null },
      ],
      teams,
    });

  beforeAll(async () => {
    p = await newProgram(doc("mean"), call);
    await addParticipants(
      p,
      [
        { id: "l1", team: "uk-london", cohort: "c" },
        { id: "l2", team: "uk-london" },
        { id: "u1", team: "uk", cohort: "c" },
        { id: "f1", team: "fr" },
        { id: "n1", team: "na" },
        { id: "t1", team: "a-team" },
        { id: "t2", team: "a-team" },
        { id: "t3", team: "b-team" },
        { id: "t4", team: "z-team" },
        { id: "solo", team: null },
      ],
      undefined,
      call,
    );
    await setScores(p, { l1: 3, u1: 1, f1: 2, n1: 9, t3: 1.5, solo: 7 });
    await post(call, p, [
      { participant: "t1", metric: "micro", occurredAt: "2026-11-24T10:00:00Z", value: 0.05 }, // 0.0005
      { participant: "t4", metric: "micro", occurredAt: "2026-11-24T10:00:00Z", value: 0.03 }, // 0.0003
    ]);
    // na's only member opts out: na has no members and is not ranked.
    expect((await call("POST", `${p.base}/participants/n1/opt-out`, { key: p.adminKey, body: {} })).status).toBe(200);
  });

  const meanBoard = [
    [1, "fr", 2, 1],
    [2, "b-team", 1.5, 1],
    [2, "emea", 1.5, 4],
    [2, "uk-london", 1.5, 2],
    [5, "uk", 1.3333, 3],
    // 0.0005 / 2 = 0.00025, rounded half away from zero.
    [6, "a-team", 0.0003, 2],
    [6, "z-team", 0.0003, 1],
  ];
  const rows = (entries: { rank: number; id: string; score: number; members: number }[]) => entries.map((e) => [e.rank, e.id, e.score, e.members]);

  it("ranks teams by the mean over their subtree, ties by key, without empty teams", async () => {
    const res = await board(call, p, { scope: "team" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: "team", total: 7, nextCursor: null, cohort: null });
    expect(rows(res.body.entries)).toEqual(meanBoard);
    expect(res.body.entries[0]).toEqual({ rank: 1, id: "fr", displayName: "France", members: 1, score: 2 });
    for (const e of res.body.entries) expect(Object.keys(e).sort()).toEqual(["displayName", "id", "members", "rank", "score"]);
  });

  it("pages team boards by cursor and centres them with around", async () => {
    const full = (await board(call, p, { scope: "team" })).body.entries;
    for (const limit of [1, 2, 3, 7]) expect((await walk(call, p, { scope: "team", limit })).entries).toEqual(full);
    expect(rows((await board(call, p, { scope: "team", around: "uk", limit: 3 })).body.entries)).toEqual(meanBoard.slice(3, 6));
    expect(rows((await board(call, p, { scope: "team", around: "fr", limit: 3 })).body.entries)).toEqual(meanBoard.slice(0, 3));
    const bottom = await board(call, p, { scope: "team", around: "z-team", limit: 3 });
    expect(rows(bottom.body.entries)).toEqual(meanBoard.slice(4, 7));
    expect(bottom.body.nextCursor).toBeNull();
    const middle = await board(call, p, { scope: "team", around: "emea", limit: 2 });
    expect(rows(middle.body.entries)).toEqual(meanBoard.slice(2, 4));
    expect(rows((await board(call, p, { scope: "team", limit: 2, cursor: middle.body.nextCursor })).body.entries)).toEqual(meanBoard.slice(4, 6));
    expectError(await board(call, p, { scope: "team", around: "apac" }), 404);
    expectError(await board(call, p, { scope: "team", around: "na" }), 404);
    expectError(await board(call, p, { scope: "team", around: "nope" }), 404);
    // A participant id is not a team key.
    expectError(await board(call, p, { scope: "team", around: "l1" }), 404);
  });

  it("counts only the cohort's members on a cohort team board", async () => {
    const res = await board(call, p, { scope: "team", cohort: "c" });
    expect(rows(res.body.entries)).toEqual([
      [1, "uk-london", 3, 1],
      [2, "emea", 2, 2],
      [2, "uk", 2, 2],
    ]);
  });

  it("sums over the subtree where the program says sum", async () => {
    const q = await newProgram(doc("sum"), call);
    await addParticipants(
      q,
      [
        { id: "l1", team: "uk-london" },
        { id: "l2", team: "uk-london" },
        { id: "u1", team: "uk" },
        { id: "f1", team: "fr" },
        { id: "t3", team: "b-team" },
      ],
      undefined,
      call,
    );
    await setScores(q, { l1: 3, u1: 1, f1: 2, t3: 1.5 });
    const res = await board(call, q, { scope: "team" });
    expect(rows(res.body.entries)).toEqual([
      [1, "emea", 6, 4],
      [2, "uk", 4, 3],
      [3, "uk-london", 3, 2],
      [4, "fr", 2, 1],
      [5, "b-team", 1.5, 1],
    ]);
  });
});

describe("invalid queries", () => {
  let p: Program;
  beforeAll(async () => {
    p = await newProgram(plainDocument(), call);
  });

  it.each([
    [{ period: "year" }, "period"],
    [{ period: "" }, "period"],
    [{ scope: "org" }, "scope"],
    [{ limit: 0 }, "limit"],
    [{ limit: 1001 }, "limit"],
    [{ limit: "abc" }, "limit"],
    [{ limit: 1.5 }, "limit"],
    [{ limit: -1 }, "limit"],
    [{ at: "2026-W54" }, "at"],
    [{ at: "2025-W53" }, "at"],
    [{ at: "2026-W00" }, "at"],
    [{ at: "2026-13-01" }, "at"],
    [{ at: "2026-02-30" }, "at"],
    [{ at: "yesterday" }, "at"],
    [{ at: "2026-11" }, "at"],
    [{ period: "month", at: "2026-13" }, "at"],
    [{ period: "month", at: "2026-W48" }, "at"],
    [{ period: "quarter", at: "2026-Q5" }, "at"],
    [{ period: "quarter", at: "2026-11" }, "at"],
    [{ period: "day", at: "2026-W48" }, "at"],
    [{ period: "all", at: "2026" }, "at"],
  ] as [Record<string, string | number>, string][])("answers 422 for %j", async (params, field) => {
    expectInvalidFields(await board(call, p, params), [field]);
  });

  it("accepts the bounds of limit", async () => {
    expect((await board(call, p, { limit: 1 })).status).toBe(200);
    expect((await board(call, p, { limit: 1000 })).status).toBe(200);
  });

  it("answers 404 for an unknown program", async () => {
    expectError(await call("GET", "/v1/programs/no-such-program/leaderboard", { key: p.adminKey }), 404);
    expectError(await call("GET", "/v1/programs/no-such-program/leaderboard"), 404);
  });
});
