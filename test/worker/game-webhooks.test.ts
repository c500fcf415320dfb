/**
 * The game's webhooks (contest.ended, badge.earned) through the hourly job, at fixed clocks, to the
 * local receiver: a contest's winners once it has ended (top 3, ties included, once per contest,
 * also when two runs race), badges newly earned (once per participant and badge; again only after
 * a re-weight took one away and gave it back; old ones recorded without news), both signed and in
 * Slack's format; subscriptions name the new events.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { REPORT_CRON, runScheduled } from "../../worker/scheduled";
import { engineCount, engineRows, expectInvalidFields } from "./checks";
import type { Program } from "./reads";
import { type Clock, clocked, db, hook, participantsAt, postAt, programAt, received, scores, signature } from "./weekly";

/** The delivery's signature checked independently, with the time it carries (t=…). */
const signedBy = async (secret: string, got: { headers: Record<string, string>; body: string }) =>
  signature(secret, got.body, Number(/^t=(\d+),/.exec(got.headers["x-leadboard-signature"])![1]) * 1000);

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PTS = { key: "pts", name: "Points", indicator: "lead", aggregation: "sum", points: 1, dailyCap: null, effectiveFrom: "2026-01-01" };

async function subscribe(clock: Clock, p: Program, url: string, events: string[], format: "json" | "slack" = "json") {
  const res = await clock.call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url, events, format } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; secret: string; events: string[] };
}

/** One hourly run of the scheduled job at the clock's time. */
const hourly = (clock: Clock) => runScheduled(env, db(), REPORT_CRON, clock.now);

const bodies = async (name: string) => (await received(name)).map((r) => JSON.parse(r.body));

describe("subscriptions", () => {
  it("take contest.ended and badge.earned beside report.published; other names are refused", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS] });
    const sub = await subscribe(clock, p, hook("names").url, ["report.published", "contest.ended", "badge.earned"]);
    expect(sub.events).toEqual(["report.published", "contest.ended", "badge.earned"]);
    const bad = await clock.call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url: hook("names").url, events: ["contest.started"] } });
    expectInvalidFields(bad, ["events[0]"]);
  });
});

describe("contest.ended", () => {
  /** London; the sprint runs 16–18 November; a, b, c, d in London, e in Leeds; made on 2 November. */
  async function contestWorld() {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, {
      metrics: [PTS],
      requireOptIn: false,
      contests: [
        { key: "sprint", name: "Mid-month sprint", start: "2026-11-16", end: "2026-11-18", metrics: null, cohort: null },
        { key: "london", name: "London <cup> & co", start: "2026-11-16", end: "2026-11-18", metrics: null, cohort: "London" },
        { key: "before", name: "Before the program", start: "2026-10-01", end: "2026-10-02", metrics: null, cohort: null },
        { key: "later", name: "December", start: "2026-12-01", end: "2026-12-05", metrics: null, cohort: null },
      ],
    });
    await participantsAt(
      clock,
      p,
      ["a", "b", "c", "d", "z"].map((id) => ({ id, displayName: id.toUpperCase(), cohort: "London" })).concat([{ id: "e", displayName: "E", cohort: "Leeds" }]),
      false,
    );
    clock.set("2026-11-18T20:00:00Z");
    // In the sprint: e 50, a 9, then c and d tie on 4, b 1; z nothing. 19 November is after it.
    await postAt(clock, p, [...scores({ e: 50, a: 9, b: 1, c: 4, d: 4 }, "2026-11-17T10:00:00Z"), ...scores({ b: 100 }, "2026-11-15T10:00:00Z")]);
    return { clock, p };
  }

  it("announces the winners once the contest has ended, once per contest; Slack names them", async () => {
    const { clock, p } = await contestWorld();
    const json = hook("contest-json");
    const slack = hook("contest-slack");
    const sub = await subscribe(clock, p, json.url, ["contest.ended"]);
    await subscribe(clock, p, slack.url, ["contest.ended"], "slack");

    await hourly(clock); // 20:00 on the last day: still running.
    expect(await received(json.name)).toEqual([]);

    clock.set("2026-11-19T00:05:00Z"); // the first run after midnight in London
    await hourly(clock);
    const got = await received(json.name);
    expect(got.map((g) => JSON.parse(g.body).data.contest.key).sort()).toEqual(["london", "sprint"]);
    for (const g of got) {
      expect(g.headers["x-leadboard-event"]).toBe("contest.ended");
      expect(g.headers["x-leadboard-signature"]).toBe(await signedBy(sub.secret, g));
    }
    const sprint = got.map((g) => JSON.parse(g.body)).find((b) => b.data.contest.key === "sprint");
    expect(sprint).toEqual({
      event: "contest.ended",
      program: p.program,
      data: {
        contest: {
          key: "sprint",
          name: "Mid-month sprint",
          start: "2026-11-16T00:00:00.000Z",
          end: "2026-11-19T00:00:00.000Z",
          status: "ended",
          metrics: null,
          cohort: null,
        },
        total: 6,
        // c and d tie for third: both are winners.
        winners: [
          { rank: 1, id: "e", displayName: "E", team: null, score: 50 },
          { rank: 2, id: "a", displayName: "A", team: null, score: 9 },
          { rank: 3, id: "c", displayName: "C", team: null, score: 4 },
          { rank: 3, id: "d", displayName: "D", team: null, score: 4 },
        ],
      },
    });

    // The London cohort's contest leaves out e, of Leeds.
    const texts = (await bodies(slack.name)).map((b) => b.text).sort();
    expect(texts).toEqual([
      ["*Social selling: London &lt;cup&gt; &amp; co has ended*", "Winners, of 5 ranked:", "🥇 1. A: 9 points", "🥈 2. C: 4 points", "🥈 2. D: 4 points"].join(
        "\n",
      ),
      [
        "*Social selling: Mid-month sprint has ended*",
        "Winners, of 6 ranked:",
        "🥇 1. E: 50 points",
        "🥈 2. A: 9 points",
        "🥉 3. C: 4 points",
        "🥉 3. D: 4 points",
      ].join("\n"),
    ]);

    // Later runs, and two at once, announce nothing more; the contest that ended before the program was made never.
    clock.set("2026-11-19T01:05:00Z");
    await Promise.all([hourly(clock), hourly(clock)]);
    clock.set("2026-12-06T01:05:00Z"); // December's contest ends: announced, and only it.
    await hourly(clock);
    const keys = (await bodies(json.name)).map((b) => b.data.contest.key).sort();
    expect(keys).toEqual(["later", "london", "sprint"]);
    expect((await bodies(json.name)).find((b) => b.data.contest.key === "later").data.winners).toEqual([]);
    expect((await bodies(slack.name)).find((b) => b.text.includes("December")).text).toBe("*Social selling: December has ended*\nNo one scored in it.");
    expect(await engineRows(p.program, "SELECT key FROM announced_contests ORDER BY key")).toEqual([{ key: "later" }, { key: "london" }, { key: "sprint" }]);
  });

  it("two runs racing at the end announce each contest once", async () => {
    const { clock, p } = await contestWorld();
    const target = hook("contest-race");
    await subscribe(clock, p, target.url, ["contest.ended"]);
    clock.set("2026-11-19T00:05:00Z");
    await Promise.all([hourly(clock), hourly(clock), hourly(clock)]);
    expect((await bodies(target.name)).map((b) => b.data.contest.key).sort()).toEqual(["london", "sprint"]);
  });

  it("a contest that ended more than four weeks before the job runs is not announced", async () => {
    const { clock, p } = await contestWorld();
    const target = hook("contest-late");
    await subscribe(clock, p, target.url, ["contest.ended"]);
    clock.set("2026-12-18T00:05:00Z"); // sprint and london ended 29 days ago; December's contest within the window
    await hourly(clock);
    expect((await bodies(target.name)).map((b) => b.data.contest.key)).toEqual(["later"]);
  });
});

describe("badge.earned", () => {
  const BADGES = [
    { key: "first-five", name: "Five in a day", description: "Five points in one day", rule: { kind: "day", points: 5 } },
    { key: "two-days", name: "Two days", description: "", rule: { kind: "streak", days: 2 } },
    { key: "ten", name: "Ten points", description: "Ten points in all", rule: { kind: "total", metric: null, value: 10 } },
    { key: "podium", name: "Top 3", description: "", rule: { kind: "top", rank: 3 } },
  ];
  const document = (points: number) => ({ metrics: [{ ...PTS, points }], badges: BADGES });

  /** The badges a delivery announced, as `participant:badge@day`. */
  const announced = (body: any) => body.data.earned.map((e: any) => `${e.participant.id}:${e.badge.key}@${e.earnedOn}`);

  it("announces each badge once, when earned; old ones and unranked sellers' never; again after a re-weight gave it back", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, document(1));
    await participantsAt(clock, p, [
      { id: "a", displayName: "Ana & <Al>" },
      { id: "b", displayName: "Bo" },
      { id: "c", displayName: "Cy" },
    ]);
    const json = hook("badges-json");
    const slack = hook("badges-slack");
    const sub = await subscribe(clock, p, json.url, ["badge.earned"]);
    await subscribe(clock, p, slack.url, ["badge.earned"], "slack");

    // Friday 20 November. c earned "five" and "ten" on the 5th, and a place in week 45's Power 100:
    // more than a week ago, old news.
    clock.set("2026-11-20T12:00:00Z");
    await postAt(clock, p, [...scores({ a: 6, b: 6 }, "2026-11-19T10:00:00Z"), ...scores({ c: 20 }, "2026-11-05T10:00:00Z")]);
    // b opts out before the job runs: not published, so not announced.
    expect((await clock.call("POST", `${p.base}/participants/b/opt-out`, { key: p.adminKey, body: {} })).status).toBe(200);
    await hourly(clock);
    const [first, ...none] = await received(json.name);
    expect(none).toEqual([]);
    expect(first.headers["x-leadboard-event"]).toBe("badge.earned");
    expect(first.headers["x-leadboard-signature"]).toBe(await signedBy(sub.secret, first));
    expect(JSON.parse(first.body)).toEqual({
      event: "badge.earned",
      program: p.program,
      data: {
        earned: [
          {
            participant: { id: "a", displayName: "Ana & <Al>", team: null },
            badge: { key: "first-five", name: "Five in a day", description: "Five points in one day" },
            earnedOn: "2026-11-19",
          },
        ],
      },
    });
    expect((await bodies(slack.name)).map((b) => b.text)).toEqual(["*Social selling: a badge earned*\n🏅 Ana &amp; &lt;Al&gt; earned *Five in a day*"]);
    // c's old badges are recorded, unannounced; nobody waits for a check any more.
    expect(
      await engineRows(
        p.program,
        "SELECT badge_key AS badge, earned_on AS day, announced_at IS NULL AS quiet FROM badge_awards ORDER BY participant_pk, badge_key",
      ),
    ).toEqual([
      { badge: "first-five", day: "2026-11-19", quiet: 0 },
      { badge: "first-five", day: "2026-11-05", quiet: 1 },
      // The job stored week 45's Power 100 in the same run: c led it.
      { badge: "podium", day: "2026-11-08", quiet: 1 },
      { badge: "ten", day: "2026-11-05", quiet: 1 },
    ]);
    expect(await engineCount(p.program, "badge_checks")).toBe(0);

    // Nothing new: nothing announced.
    clock.set("2026-11-20T13:00:00Z");
    await hourly(clock);
    expect(await received(json.name)).toHaveLength(1);

    // a's second day brings two badges at once, in one delivery.
    await postAt(clock, p, scores({ a: 5 }, "2026-11-20T10:00:00Z"));
    clock.set("2026-11-20T14:00:00Z");
    await hourly(clock);
    expect(announced((await bodies(json.name))[1])).toEqual(["a:ten@2026-11-20", "a:two-days@2026-11-20"]);
    expect((await bodies(slack.name))[1].text).toBe(
      "*Social selling: 2 badges earned*\n🏅 Ana &amp; &lt;Al&gt; earned *Ten points*\n🏅 Ana &amp; &lt;Al&gt; earned *Two days*",
    );

    // Half the weight: a's days are 3 and 2.5 points, so "five" and "ten" are lost (nothing to announce)…
    const reweigh = async (points: number) => {
      const res = await clock.call("PUT", p.base, { key: p.adminKey, body: { ...JSON.parse(JSON.stringify(baseDoc)), ...document(points) } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const baseDoc = (await clock.call("GET", p.base, { key: p.adminKey })).body;
    await reweigh(0.5);
    clock.set("2026-11-20T15:00:00Z");
    await hourly(clock);
    expect(await received(json.name)).toHaveLength(2);
    const held = async () =>
      (await engineRows<{ badge: string }>(p.program, "SELECT badge_key AS badge FROM badge_awards WHERE participant_pk = 1 ORDER BY badge_key")).map(
        (r) => r.badge,
      );
    expect(await held()).toEqual(["two-days"]);

    // …and the full weight again earns them again: announced again.
    await reweigh(1);
    clock.set("2026-11-20T16:00:00Z");
    await hourly(clock);
    expect(announced((await bodies(json.name))[2])).toEqual(["a:first-five@2026-11-19", "a:ten@2026-11-20"]);
    expect(await held()).toEqual(["first-five", "ten", "two-days"]);

    // The Power 100 of week 47, stored by the job after Sunday, earns a "Top 3" on its Sunday.
    clock.set("2026-11-23T00:30:00Z");
    await hourly(clock);
    expect(announced((await bodies(json.name))[3])).toEqual(["a:podium@2026-11-22"]);
    clock.set("2026-11-23T01:30:00Z");
    await hourly(clock);
    expect(await received(json.name)).toHaveLength(4);
    expect(JSON.stringify(await bodies(json.name))).not.toContain('"b"');

    // Erasing a seller forgets their badges with them.
    expect((await clock.call("DELETE", `${p.base}/participants/a`, { key: p.adminKey })).status).toBe(204);
    expect(await engineCount(p.program, "badge_awards", "participant_pk = 1")).toBe(0);
  });

  it("a program without badges keeps no list of sellers to check", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS] });
    await participantsAt(clock, p, [{ id: "a" }]);
    clock.set("2026-11-20T12:00:00Z");
    await postAt(clock, p, scores({ a: 6 }, "2026-11-19T10:00:00Z"));
    expect(await engineCount(p.program, "badge_checks")).toBe(0);
    // Badges added later: everyone is checked at the next run.
    const doc = (await clock.call("GET", p.base, { key: p.adminKey })).body;
    expect((await clock.call("PUT", p.base, { key: p.adminKey, body: { ...doc, badges: BADGES } })).status).toBe(200);
    expect(await engineCount(p.program, "badge_checks")).toBe(1);
    const target = hook("badges-later");
    await subscribe(clock, p, target.url, ["badge.earned"]);
    await hourly(clock);
    expect(announced((await bodies(target.name))[0])).toEqual(["a:first-five@2026-11-19"]);
  });
});
