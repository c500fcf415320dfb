/**
 * GET /insights/changes with planted changes in steady Poisson noise: one seller's posts triple in
 * the ended week, a team's posts halve, a newcomer starts; minutes (a sum metric) stay steady.
 * Only the planted ones are flagged, with direction and rate ratio. The scheduled job sends the
 * digest as insights.weekly (JSON and Slack, signed) to the webhooks that ask for it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { publishEndedWeeks } from "../../worker/scheduled";
import { deliverDue } from "../../worker/webhooks/deliveries";
import { expectError, expectInvalidFields } from "./checks";
import { call, get, insightProgram, metric, NOW, on, seeded, weekBack } from "./insights-helpers";
import { post, type Program } from "./reads";
import { apiAt, newProgram } from "./api";
import { db, hook, received, signature } from "./weekly";

vi.setConfig({ testTimeout: 90_000 });

const NORTH = Array.from({ length: 10 }, (_, i) => `n${i + 1}`);
const SOUTH = Array.from({ length: 10 }, (_, i) => `s${i + 1}`);
const JUMPER = "n1";

/** Nine weeks (W38–W46) of posts (10 a week on average) and minutes for 20 sellers, with the planted changes in W46. */
async function planted(p: Program) {
  const people = [...NORTH, ...SOUTH].map((id) => ({
    id,
    displayName: id === JUMPER ? "Nia & <Co>" : id.toUpperCase(),
    team: id[0] === "n" ? "north" : "south",
    cohort: null,
  }));
  people.push({ id: "newbie", displayName: "Newbie", team: null as unknown as string, cohort: null });
  expect((await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: people } })).status).toBe(200);
  const random = seeded(46);
  const events: { participant: string; metric: string; occurredAt: string; value?: number }[] = [];
  const posts = (who: string, monday: string, mean: number) => {
    for (let k = random.poisson(mean); k > 0; k--)
      events.push({ participant: who, metric: "posts", occurredAt: on(monday, random.int(0, 4), random.int(8, 17)) });
  };
  for (let n = 9; n >= 1; n--) {
    const { monday } = weekBack(n);
    for (const who of [...NORTH, ...SOUTH]) {
      const ended = n === 1;
      posts(who, monday, ended && who === JUMPER ? 30 : ended && who[0] === "s" ? 5 : 10);
      // Minutes: a few calls a week of 5–30 minutes each; steady throughout.
      for (let k = random.poisson(4); k > 0; k--)
        events.push({ participant: who, metric: "minutes", occurredAt: on(monday, random.int(0, 4), 9), value: random.int(5, 30) });
    }
    if (n <= 2) posts("newbie", monday, 10);
  }
  await post(call, p, events);
}

const document = () => ({
  metrics: [metric("posts", "lead", "count", 1), metric("minutes", "lead", "sum", 0.1), metric("deals", "lag", "count", 0)],
  teams: [
    { key: "north", name: "North", parent: null },
    { key: "south", name: "South", parent: null },
  ],
});

describe("GET /v1/programs/{p}/insights/changes", () => {
  it("flags the planted changes and not the steady noise", async () => {
    const p = await insightProgram(document());
    await planted(p);
    const res = await get(p, "/insights/changes");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    expect(b.week.label).toBe("2026-W46");
    expect(b.baseline).toEqual({ weeks: 8, first: "2026-W38", last: "2026-W45" });
    // 20 sellers and 2 teams, 2 lead metrics each, and the newcomer's posts (no minutes: nothing to test).
    expect(b.tested).toBe(45);

    const jump = b.changes.find((c: { participant?: string; metric: string }) => c.participant === JUMPER && c.metric === "posts");
    expect(jump).toMatchObject({ name: "Nia & <Co>", metricName: "Posts", direction: "up", baselineWeeks: 8 });
    expect(jump.rateRatio).toBeGreaterThan(2);
    expect(jump.rateRatio).toBeLessThan(4.5);
    expect(jump.endedWeek / jump.baselineWeeklyMean).toBeCloseTo(jump.rateRatio, 1);
    expect(jump.adjustedPValue).toBeLessThanOrEqual(0.05);
    expect(jump.pValue).toBeLessThanOrEqual(jump.adjustedPValue);

    const south = b.changes.find((c: { team?: string; metric: string }) => c.team === "south" && c.metric === "posts");
    expect(south).toMatchObject({ name: "South", direction: "down" });
    expect(south.rateRatio).toBeGreaterThan(0.3);
    expect(south.rateRatio).toBeLessThan(0.7);

    // Steady sellers, steady minutes and the newcomer (two weeks, both alike) are not flagged.
    const flagged = b.changes.map((c: { participant?: string; team?: string; metric: string }) => `${c.participant ?? `team ${c.team}`} ${c.metric}`);
    const steady = flagged.filter((f: string) => !/^(n1 |team north |team south |s\d+ posts)/.test(f));
    expect(steady).toEqual([]);
    expect(flagged.some((f: string) => f.endsWith(" minutes"))).toBe(false);
    // Minutes vary like sums of 5–30 minutes, not like counts: the test divides by that dispersion.
    const minutes = b.dispersion.find((d: { metric: string }) => d.metric === "minutes");
    expect(minutes.value).toBeGreaterThan(5);
    expect(b.dispersion.find((d: { metric: string }) => d.metric === "posts").value).toBeLessThan(2);
    expect(b.method).toMatch(/binomial/);
    expect(b.counts).toMatch(/rounded down/);
    // Smallest p-value first.
    const ps = b.changes.map((c: { pValue: number }) => c.pValue);
    expect(ps).toEqual([...ps].sort((x, y) => x - y));

    // The same week named explicitly.
    expect((await get(p, "/insights/changes?week=2026-W46")).body).toEqual(b);
  });

  it("refuses a week that has not ended (409) or is not a week (422)", async () => {
    const p = await insightProgram(document());
    expectError(await get(p, "/insights/changes?week=2026-W47"), 409, "week_not_ended");
    expectInvalidFields(await get(p, "/insights/changes?week=2026-W99"), ["week"]);
    expectInvalidFields(await get(p, "/insights/changes?week=last"), ["week"]);
    const empty = await get(p, "/insights/changes?week=2026-W40");
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ tested: 0, changes: [] });
    expectError(await call("GET", `${p.base}/insights/changes`), 401);
  });
});

describe("the weekly manager digest webhook (insights.weekly)", () => {
  it("is enqueued when the scheduled job publishes a week's report: JSON and Slack, signed", async () => {
    // Made in September, so the job owes the program the reports of the weeks that ended since.
    const september = Date.parse("2026-09-01T00:00:00Z");
    const p = await newProgram(
      { name: "Digest & co", timezone: "UTC", requireOptIn: false, ...document() },
      apiAt(() => september),
    );
    await planted(p);
    const json = hook("insights-json");
    const slack = hook("insights-slack");
    const reportsOnly = hook("reports-only");
    const subscribe = async (url: string, events: string[], format: string) => {
      const res = await call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url, events, format } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.secret as string;
    };
    const secret = await subscribe(json.url, ["insights.weekly"], "json");
    await subscribe(slack.url, ["insights.weekly", "report.published"], "slack");
    await subscribe(reportsOnly.url, ["report.published"], "json");

    expect(await publishEndedWeeks(env, db(), NOW)).toContain(p.program);
    await deliverDue(db(), NOW);

    const got = await received(json.name);
    const digests = got.map((g) => JSON.parse(g.body));
    expect(digests.map((d) => [d.event, d.program, d.data.week.label])).toEqual([
      ["insights.weekly", p.program, "2026-W43"],
      ["insights.weekly", p.program, "2026-W44"],
      ["insights.weekly", p.program, "2026-W45"],
      ["insights.weekly", p.program, "2026-W46"],
    ]);
    const w46 = got.at(-1)!;
    expect(w46.headers["x-leadboard-event"]).toBe("insights.weekly");
    // Signed with the time of the attempt (t=…), checked independently.
    const signed = w46.headers["x-leadboard-signature"];
    expect(signed).toBe(await signature(secret, w46.body, Number(/^t=(\d+),/.exec(signed)![1]) * 1000));
    expect(digests.at(-1).data).toEqual((await get(p, "/insights/changes?week=2026-W46")).body);

    const texts = (await received(slack.name)).map((g) => JSON.parse(g.body).text as string);
    const digest46 = texts.find((t) => t.startsWith("*Digest &amp; co: what changed in week 2026-W46*"))!;
    expect(digest46).toMatch(/▲ Nia &amp; &lt;Co&gt;: Posts \d+ \(usually [\d.]+ a week, ×[\d.]+\)/);
    expect(digest46).toMatch(/▼ South \(team\): Posts/);
    expect(texts.filter((t) => t.includes("Power 100"))).toHaveLength(4);
    expect((await received(reportsOnly.name)).map((g) => JSON.parse(g.body).event)).toEqual(Array(4).fill("report.published"));
  });
});
