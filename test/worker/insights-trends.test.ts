/**
 * GET /insights/trends: participation, the mean lead score of active sellers and each metric's
 * weekly units over 12 ended weeks, with a marker at a weight change and the four weeks on each
 * side compared, all worked out by hand; 422 for weeks outside 12–52.
 */
import { describe, expect, it, vi } from "vitest";
import { expectInvalidFields } from "./checks";
import { call, get, insightProgram, metric, on, weekBack } from "./insights-helpers";
import { post } from "./reads";

vi.setConfig({ testTimeout: 60_000 });

const doc = (posts: Record<string, unknown>) => ({
  name: "Insights",
  timezone: "UTC",
  requireOptIn: true,
  metrics: [{ ...metric("posts", "lead", "count", 2), ...posts }, metric("deals", "lag", "count", 0)],
});

describe("GET /v1/programs/{p}/insights/trends", () => {
  it("shows participation, scores and units by week, and what happened around a weight change", async () => {
    const p = await insightProgram(doc({ effectiveFrom: "2026-01-01" }));
    const people = ["a", "b", "c", "d"].map((id) => ({ id, displayName: id.toUpperCase(), team: null, cohort: null }));
    expect((await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: people } })).status).toBe(200);
    const optIn = async (id: string, at: string) =>
      expect((await call("POST", `${p.base}/participants/${id}/opt-in`, { key: p.adminKey, body: { at } })).status).toBe(200);
    for (const id of ["a", "b", "c"]) await optIn(id, "2026-01-01T00:00:00Z");
    await optIn("d", "2026-10-20T09:00:00Z"); // Tuesday of W43

    // W35–W46: a posts 5 a week; b 5, then 10 a week from W43; c nothing; d 3 a week from W44.
    const events: { participant: string; metric: string; occurredAt: string }[] = [];
    for (let n = 12; n >= 1; n--) {
      const { monday } = weekBack(n);
      const afterChange = n <= 4;
      for (let k = 0; k < 5; k++) events.push({ participant: "a", metric: "posts", occurredAt: on(monday, k) });
      for (let k = 0; k < (afterChange ? 10 : 5); k++) events.push({ participant: "b", metric: "posts", occurredAt: on(monday, k % 5, 8 + (k >> 2)) });
      if (n <= 3) for (let k = 0; k < 3; k++) events.push({ participant: "d", metric: "posts", occurredAt: on(monday, k) });
    }
    events.push({ participant: "a", metric: "deals", occurredAt: on(weekBack(1).monday, 4) });
    await post(call, p, events);
    // Posts re-weighted from Monday 19 October (W43): 2 → 3 points.
    expect((await call("PUT", p.base, { key: p.adminKey, body: doc({ points: 3, effectiveFrom: "2026-10-19" }) })).status).toBe(200);

    const res = await get(p, "/insights/trends");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    expect(b.weeks.map((w: { label: string }) => w.label)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-W${35 + i}`));
    const row = (label: string) => b.weeks.find((w: { label: string }) => w.label === label);
    expect(row("2026-W42")).toMatchObject({ participants: 4, optedIn: 3, active: 2, meanLeadScorePerActive: 10 });
    expect(row("2026-W43")).toMatchObject({ participants: 4, optedIn: 4, active: 2, meanLeadScorePerActive: 22.5 });
    expect(row("2026-W46")).toMatchObject({ optedIn: 4, active: 3, meanLeadScorePerActive: 18 });
    expect(row("2026-W46").metrics).toEqual([
      { metric: "posts", units: 18, cappedUnits: 18 },
      { metric: "deals", units: 1, cappedUnits: 1 },
    ]);
    expect(b.metrics.map((m: { key: string }) => m.key)).toEqual(["posts", "deals"]);

    expect(b.weightChanges).toEqual([
      {
        metric: "posts",
        name: "Posts",
        effectiveFrom: "2026-10-19",
        week: "2026-W43",
        points: { before: 2, after: 3 },
        dailyCap: { before: null, after: null },
        // W39–W42: 10 posts a week, 10 points per active seller.
        before: { weeks: 4, meanWeeklyCappedUnits: 10, meanLeadScorePerActive: 10 },
        // W43: 15 posts, (15 + 30) / 2; W44–W46: 18 posts, (15 + 30 + 9) / 3.
        after: { weeks: 4, meanWeeklyCappedUnits: 17.25, meanLeadScorePerActive: 19.125 },
        difference: { meanWeeklyCappedUnits: 7.25, ratio: 1.725, meanLeadScorePerActive: 9.125 },
      },
    ]);
    expect(b.method).toMatch(/not what the change caused/);

    // A year's window: the same marker, with the same weeks around it.
    const year = (await get(p, "/insights/trends?weeks=52")).body;
    expect(year.weeks).toHaveLength(52);
    expect(year.weightChanges).toEqual(b.weightChanges);
  });

  it("422 for weeks outside 12–52", async () => {
    const p = await insightProgram(doc({}));
    expectInvalidFields(await get(p, "/insights/trends?weeks=11"), ["weeks"]);
    expectInvalidFields(await get(p, "/insights/trends?weeks=53"), ["weeks"]);
    expectInvalidFields(await get(p, "/insights/trends?weeks=1.5"), ["weeks"]);
  });
});
