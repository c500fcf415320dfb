/**
 * GET /insights/indicators with a planted effect: "calls" drive next week's revenue, "posts" do
 * not. Calls must come out significant with a positive sign next week and posts not at all; the
 * suggested weights must favour calls; bad queries answer 422, other callers 401/403/404.
 */
import { describe, expect, it, vi } from "vitest";
import { newOrg } from "./api";
import { expectError, expectInvalidFields } from "./checks";
import { call, get, insightProgram, metric, on, seeded, weekBack } from "./insights-helpers";
import { post } from "./reads";

vi.setConfig({ testTimeout: 60_000 });

const SELLERS = Array.from({ length: 30 }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);

async function planted() {
  const p = await insightProgram({
    metrics: [metric("calls", "lead", "sum", 1), metric("posts", "lead", "sum", 1), metric("revenue", "lag", "sum", 0)],
  });
  const put = await call("PUT", `${p.base}/participants`, {
    key: p.adminKey,
    body: { participants: SELLERS.map((id) => ({ id, displayName: id, team: null, cohort: null })) },
  });
  expect(put.status).toBe(200);
  const random = seeded(20);
  const events: { participant: string; metric: string; occurredAt: string; value: number }[] = [];
  for (const s of SELLERS) {
    let lastCalls = random.int(0, 20);
    for (let n = 13; n >= 1; n--) {
      const { monday } = weekBack(n);
      const calls = random.int(0, 20);
      const posts = random.int(0, 20);
      // Revenue follows last week's calls, plus noise; posts play no part.
      const revenue = 2 * lastCalls + random.int(0, 10);
      lastCalls = calls;
      events.push(
        { participant: s, metric: "calls", occurredAt: on(monday, 2), value: calls },
        { participant: s, metric: "posts", occurredAt: on(monday, 3), value: posts },
        { participant: s, metric: "revenue", occurredAt: on(monday, 4), value: revenue },
      );
    }
  }
  await post(call, p, events);
  return p;
}

describe("GET /v1/programs/{p}/insights/indicators", () => {
  it("finds the metric that drives next week's outcome, with the right sign, and not the one that does not", async () => {
    const p = await planted();
    const res = await get(p, "/insights/indicators?outcome=revenue&weeks=12");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    expect(b.outcome).toEqual({ key: "revenue", name: "Revenue" });
    expect(b.weeks).toMatchObject({ count: 12, first: { label: weekBack(12).label }, last: { label: weekBack(1).label } });
    expect(b.participantWeeks).toBe(30 * 12);
    const of = (m: string | null) => b.indicators.find((i: { metric: string | null }) => i.metric === m);
    expect(b.indicators.map((i: { metric: string | null; name: string }) => [i.metric, i.name])).toEqual([
      ["calls", "Calls"],
      ["posts", "Posts"],
      [null, "Lead score"],
    ]);

    const calls = of("calls");
    expect(calls.currentPoints).toBe(1);
    expect(calls.nextWeek).toMatchObject({ n: 30 * 11, significant: true });
    expect(calls.nextWeek.rho).toBeGreaterThan(0.8);
    expect(calls.nextWeek.ci95.low).toBeGreaterThan(0.7);
    expect(calls.nextWeek.ci95.high).toBeLessThanOrEqual(1);
    expect(calls.nextWeek.adjustedPValue).toBeLessThan(1e-6);
    // This week's calls do not yet show in this week's revenue.
    expect(calls.sameWeek.significant).toBe(false);

    const posts = of("posts");
    expect(posts.sameWeek.significant).toBe(false);
    expect(posts.nextWeek.significant).toBe(false);
    expect(Math.abs(posts.nextWeek.rho)).toBeLessThan(0.15);
    expect(posts.nextWeek.ci95.low).toBeLessThan(0);
    expect(posts.nextWeek.ci95.high).toBeGreaterThan(0);

    // The lead score carries calls: it goes with next week's revenue too, more weakly than calls alone.
    expect(of(null).nextWeek.significant).toBe(true);
    expect(of(null).nextWeek.rho).toBeLessThan(calls.nextWeek.rho);
    expect(of(null).currentPoints).toBeNull();

    const weights = Object.fromEntries(b.suggestedWeights.weights.map((w: { metric: string }) => [w.metric, w]));
    expect(b.suggestedWeights.n).toBe(30 * 11);
    expect(weights.calls).toMatchObject({ currentPoints: 1 });
    expect(weights.calls.outcomePerUnit).toBeCloseTo(2, 0);
    expect(weights.calls.suggestedPoints).toBeGreaterThan(5 * weights.posts.suggestedPoints);
    expect(b.method.association).toMatch(/Spearman/);
    expect(b.method.association).toMatch(/Benjamini–Hochberg/);
    expect(b.method.suggestedWeights).toMatch(/least squares/);
    expect(b.caveat).toMatch(/not causation/);
  });

  it("defaults to the first lag metric and 12 weeks; 422 for an unknown or lead outcome and weeks out of 4–52", async () => {
    const p = await insightProgram({ metrics: [metric("calls", "lead", "count", 1), metric("deals", "lag", "count", 0)] });
    const res = await get(p, "/insights/indicators");
    expect(res.status).toBe(200);
    expect(res.body.outcome.key).toBe("deals");
    expect(res.body.weeks.count).toBe(12);
    // No data: no association can be measured, and nothing is claimed.
    expect(res.body.indicators.every((i: { sameWeek: unknown; nextWeek: unknown }) => i.sameWeek === null && i.nextWeek === null)).toBe(true);
    expect(res.body.suggestedWeights).toBeNull();

    expectInvalidFields(await get(p, "/insights/indicators?outcome=nothing"), ["outcome"]);
    expectInvalidFields(await get(p, "/insights/indicators?outcome=calls"), ["outcome"]);
    expectInvalidFields(await get(p, "/insights/indicators?weeks=3"), ["weeks"]);
    expectInvalidFields(await get(p, "/insights/indicators?weeks=53"), ["weeks"]);
    expectInvalidFields(await get(p, "/insights/indicators?weeks=twelve"), ["weeks"]);
    const noLag = await insightProgram({ metrics: [metric("calls", "lead", "count", 1)] });
    expectInvalidFields(await get(noLag, "/insights/indicators"), ["outcome"]);
  });

  it("is for the program's admins only", async () => {
    const p = await insightProgram({ metrics: [metric("deals", "lag", "count", 0)] });
    expectError(await call("GET", `${p.base}/insights/indicators`), 401);
    const { body } = await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } });
    expectError(await call("GET", `${p.base}/insights/indicators`, { key: body.key }), 403);
    const other = await newOrg();
    expectError(await call("GET", `${p.base}/insights/indicators`, { key: other.adminKey }), 404);
  });
});
