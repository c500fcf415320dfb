/**
 * SPEC §5 through the API: gauge metrics (readings, growth above the best, a late reading), metric
 * boards, contests (boards, score cards, the list), badges and levels on the score card, and the
 * document's checks. Figures are worked by hand in the comments.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addParticipants, apiAt, newProgram } from "./api";
import { expectError, expectInvalidFields } from "./checks";
import { board, type Program, post, score, times, triples } from "./reads";

/** Thursday 26 November 2026, 12:00 in London (GMT): half-way through 2026-W48 (23–29 November). */
const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);

const document = (followerPoints = 0.1) => ({
  name: "Influence",
  timezone: "Europe/London",
  requireOptIn: true,
  visibility: "public",
  teamAggregation: "mean",
  metrics: [
    { key: "tweet", name: "Tweets", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5 },
    { key: "followers", name: "Followers", indicator: "lead", aggregation: "gauge", points: followerPoints, dailyCap: null, effectiveFrom: "2026-11-01" },
    { key: "revenue", name: "Revenue", indicator: "lag", aggregation: "sum", points: 0, dailyCap: null },
  ],
  teams: [],
  targets: [{ key: "ana-followers", subject: { participant: "ana" }, metric: "followers", period: "week", value: 1500 }],
  contests: [
    { key: "nov-sprint", name: "November sprint", start: "2026-11-23", end: "2026-11-29", metrics: ["tweet"], cohort: null },
    { key: "london-cup", name: "London cup", start: "2026-11-24", end: "2026-11-25", metrics: null, cohort: "London" },
    { key: "future", name: "Next month", start: "2026-12-10", end: "2026-12-20", metrics: null, cohort: null },
    { key: "old", name: "Early November", start: "2026-11-01", end: "2026-11-07", metrics: null, cohort: null },
  ],
  badges: [
    { key: "streak3", name: "Three in a row", description: "Three counting days running", rule: { kind: "streak", days: 3 } },
    { key: "big-day", name: "Big day", description: "", rule: { kind: "day", points: 10 } },
    { key: "total-tweets", name: "Four tweets", description: "", rule: { kind: "total", metric: "tweet", value: 4 } },
  ],
  levels: [
    { name: "Rookie", points: 0 },
    { name: "Pro", points: 20 },
    { name: "Star", points: 100 },
  ],
});

const at = (day: string, time = "10:00:00") => `2026-11-${day}T${time}Z`;

describe("game mechanics (SPEC §5)", () => {
  let p: Program;

  beforeAll(async () => {
    p = await newProgram(document(), call);
    await addParticipants(
      p,
      [
        { id: "ana", cohort: "London" },
        { id: "bo", cohort: "London" },
        { id: "cy", cohort: "SMB" },
      ],
      undefined,
      call,
    );
    await post(call, p, [
      // ana: tweets 2, 3, 1 on the 23rd–25th (4, 6, 2 points).
      ...times(2, { participant: "ana", metric: "tweet", occurredAt: at("23") }),
      ...times(3, { participant: "ana", metric: "tweet", occurredAt: at("24") }),
      { participant: "ana", metric: "tweet", occurredAt: at("25") },
      // ana's followers: 1000 (the baseline), 1200 (+200: 20 points), 1100 (a fall: 0), 1300 (+100 above the best: 10 points).
      { participant: "ana", metric: "followers", occurredAt: at("23"), value: 1000 },
      { participant: "ana", metric: "followers", occurredAt: at("24"), value: 1200 },
      { participant: "ana", metric: "followers", occurredAt: at("25"), value: 1100 },
      { participant: "ana", metric: "followers", occurredAt: at("26", "09:00:00"), value: 1300 },
      // bo: 7 tweets capped at 5 (10 points), revenue 500.5, followers 5000 (a baseline: 0 points).
      ...times(7, { participant: "bo", metric: "tweet", occurredAt: at("24") }),
      { participant: "bo", metric: "revenue", occurredAt: at("24"), value: 500.5 },
      { participant: "bo", metric: "followers", occurredAt: at("25"), value: 5000 },
      // cy: one tweet (2 points), revenue 100.
      { participant: "cy", metric: "tweet", occurredAt: at("25") },
      { participant: "cy", metric: "revenue", occurredAt: at("23"), value: 100 },
    ]);
  });

  it("gives the document back with its contests, badges and levels", async () => {
    const res = await call("GET", p.base, { key: p.adminKey });
    expect(res.status).toBe(200);
    const doc = document();
    expect(res.body.contests).toEqual(doc.contests);
    expect(res.body.badges).toEqual(doc.badges);
    expect(res.body.levels).toEqual(doc.levels);
    expect(res.body.metrics[1]).toMatchObject({ key: "followers", aggregation: "gauge", points: 0.1 });
  });

  describe("gauge metrics", () => {
    it("score growth above the best reading, and show the reading and its change", async () => {
      const res = await score(call, p, "ana");
      expect(res.status).toBe(200);
      // 12 tweet points and 30 follower points (20 + 10).
      expect(res.body.score).toBe(42);
      const followers = res.body.byMetric.find((m: { metric: string }) => m.metric === "followers");
      // No reading before the week: no change.
      expect(followers).toEqual({ metric: "followers", indicator: "lead", units: 300, cappedUnits: 300, points: 30, reading: 1300, change: null });
      expect(res.body.byMetric.find((m: { metric: string }) => m.metric === "tweet")).not.toHaveProperty("reading");
    });

    it("measure a gauge target as a level: the reading now", async () => {
      const res = await score(call, p, "ana");
      // 1300 of 1500; half the week gone, so 750 expected. (Its forecast is insights' to test.)
      expect(res.body.targets).toMatchObject([
        { key: "ana-followers", metric: "followers", period: "week", value: 1500, actual: 1300, attainment: 0.8667, expected: 750, status: "on_track" },
      ]);
    });

    it("require a value", async () => {
      const res = await call("POST", `${p.base}/events`, {
        key: p.adminKey,
        body: { events: [{ id: "no-value", participant: "ana", metric: "followers", occurredAt: at("26") }] },
      });
      expect(res.body.rejected).toEqual([{ index: 0, id: "no-value", reason: "invalid", message: "value: required for a gauge metric" }]);
    });
  });

  describe("metric boards", () => {
    it("rank by a count metric's capped units", async () => {
      const res = await board(call, p, { metric: "tweet" });
      expect(res.status).toBe(200);
      expect(res.body.metric).toBe("tweet");
      expect(triples(res.body.entries)).toEqual([
        [1, "ana", 6],
        [2, "bo", 5],
        [3, "cy", 1],
      ]);
    });

    it("rank by a lag metric's units", async () => {
      const res = await board(call, p, { metric: "revenue" });
      expect(triples(res.body.entries)).toEqual([
        [1, "bo", 500.5],
        [2, "cy", 100],
        [3, "ana", 0],
      ]);
    });

    it("rank by a gauge's reading", async () => {
      const res = await board(call, p, { metric: "followers" });
      expect(triples(res.body.entries)).toEqual([
        [1, "bo", 5000],
        [2, "ana", 1300],
        [3, "cy", 0],
      ]);
    });

    it("answer null for the lead score, and 404 for an unknown metric", async () => {
      expect((await board(call, p)).body.metric).toBeNull();
      expectError(await board(call, p, { metric: "nope" }), 404, "not_found");
    });
  });

  describe("contests", () => {
    it("rank by the contest's metrics over its days", async () => {
      const res = await board(call, p, { period: "contest", at: "nov-sprint" });
      expect(res.status).toBe(200);
      expect(res.body.period).toEqual({ kind: "contest", label: "nov-sprint", start: "2026-11-23T00:00:00.000Z", end: "2026-11-30T00:00:00.000Z" });
      expect(triples(res.body.entries)).toEqual([
        [1, "ana", 12],
        [2, "bo", 10],
        [3, "cy", 2],
      ]);
    });

    it("rank only the contest's cohort, and nobody for another cohort", async () => {
      // ana: 26 + 2 on the 24th and 25th; bo: 10 (his followers' first reading is a baseline).
      const res = await board(call, p, { period: "contest", at: "london-cup" });
      expect(triples(res.body.entries)).toEqual([
        [1, "ana", 28],
        [2, "bo", 10],
      ]);
      const other = await board(call, p, { period: "contest", at: "london-cup", cohort: "SMB" });
      expect(other.body).toMatchObject({ total: 0, entries: [] });
    });

    it("score a card over the contest: its metrics in the score, every metric in byMetric", async () => {
      const res = await score(call, p, "ana", { period: "contest", at: "nov-sprint" });
      expect(res.body).toMatchObject({ score: 12, rank: 1, of: 3 });
      expect(res.body.byMetric.find((m: { metric: string }) => m.metric === "followers").points).toBe(30);
      const outside = await score(call, p, "cy", { period: "contest", at: "london-cup" });
      expect(outside.body).toMatchObject({ rank: null, of: null, percentile: null, cohort: null });
    });

    it("answer 404 for an unknown contest and 422 without one", async () => {
      expectError(await board(call, p, { period: "contest", at: "nope" }), 404, "not_found");
      expectError(await score(call, p, "ana", { period: "contest", at: "nope" }), 404, "not_found");
      expectInvalidFields(await board(call, p, { period: "contest" }), ["at"]);
    });

    it("are listed by start, then key, with their status now", async () => {
      const res = await call("GET", `${p.base}/contests`);
      expect(res.status).toBe(200);
      expect(res.body.contests.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([
        ["old", "ended"],
        ["nov-sprint", "running"],
        // Its last day was yesterday.
        ["london-cup", "ended"],
        ["future", "upcoming"],
      ]);
      expect(res.body.contests[2]).toEqual({
        key: "london-cup",
        name: "London cup",
        start: "2026-11-24T00:00:00.000Z",
        end: "2026-11-26T00:00:00.000Z",
        status: "ended",
        metrics: null,
        cohort: "London",
      });
    });
  });

  describe("badges and levels", () => {
    it("list the badges earned by the period's end, by day then key, and the level reached", async () => {
      const res = await score(call, p, "ana");
      // 26 points on the 24th; 5 tweets by the 24th; counting days 23rd, 24th, 25th.
      expect(res.body.badges).toEqual([
        { key: "big-day", name: "Big day", earnedOn: "2026-11-24" },
        { key: "total-tweets", name: "Four tweets", earnedOn: "2026-11-24" },
        { key: "streak3", name: "Three in a row", earnedOn: "2026-11-25" },
      ]);
      expect(res.body.level).toEqual({ name: "Pro", points: 20, next: { name: "Star", points: 100 } });
      const bo = await score(call, p, "bo");
      expect(bo.body.level).toEqual({ name: "Rookie", points: 0, next: { name: "Pro", points: 20 } });
    });

    it("leave out what came after an ended period", async () => {
      const res = await score(call, p, "ana", { period: "week", at: "2026-W47" });
      expect(res.body.badges).toEqual([]);
      expect(res.body.level).toEqual({ name: "Rookie", points: 0, next: { name: "Pro", points: 20 } });
    });
  });

  describe("the document's checks", () => {
    const put = (changes: Record<string, unknown>) => call("PUT", p.base, { key: p.adminKey, body: { ...document(), ...changes } });

    it("refuse a contest that ends before it starts or names a lag metric", async () => {
      expectInvalidFields(await put({ contests: [{ key: "c", name: "C", start: "2026-11-05", end: "2026-11-01", metrics: null, cohort: null }] }), [
        "contests[0].end",
      ]);
      expectInvalidFields(await put({ contests: [{ key: "c", name: "C", start: "2026-11-01", end: "2026-11-05", metrics: ["revenue"], cohort: null }] }), [
        "contests[0].metrics[0]",
      ]);
    });

    it("refuse a badge of an unknown metric and levels that do not increase", async () => {
      expectInvalidFields(await put({ badges: [{ key: "b", name: "B", rule: { kind: "total", metric: "nope", value: 1 } }] }), ["badges[0].rule.metric"]);
      expectInvalidFields(
        await put({
          levels: [
            { name: "A", points: 10 },
            { name: "B", points: 10 },
          ],
        }),
        ["levels[1].points"],
      );
    });
  });

  describe("as the data changes", () => {
    it("a late reading re-counts the days after it", async () => {
      // A reading of 900 on the 22nd becomes the baseline: the 23rd earns 100 above it (10 points).
      await post(call, p, [{ participant: "ana", metric: "followers", occurredAt: "2026-11-22T10:00:00Z", value: 900 }]);
      const res = await score(call, p, "ana");
      expect(res.body.score).toBe(52);
      expect(res.body.byMetric.find((m: { metric: string }) => m.metric === "followers")).toMatchObject({ units: 400, points: 40, reading: 1300, change: 400 });
      expect(triples((await board(call, p)).body.entries)[0]).toEqual([1, "ana", 52]);
    });

    it("a re-weight removes a badge that no day earns any more", async () => {
      // Followers at 0.01 a unit from November on: the 24th is 6 + 2 points, short of 10.
      expect((await call("PUT", p.base, { key: p.adminKey, body: document(0.01) })).status).toBe(200);
      const res = await score(call, p, "ana");
      expect(res.body.badges.map((b: { key: string }) => b.key)).toEqual(["total-tweets", "streak3"]);
    });
  });
});
