/** The insights' reads at the edges of the calendar and of their inputs: a clear 4xx or an answer, never a 5xx. */
import { describe, expect, it, vi } from "vitest";
import { call, get, insightProgram, metric } from "./insights-helpers";

vi.setConfig({ testTimeout: 60_000 });

describe("insights at the edges", () => {
  it("answer far dates and odd inputs without a 5xx", async () => {
    const p = await insightProgram({
      metrics: [metric("calls", "lead", "count", 1), metric("deals", "lag", "count", 0)],
      funnels: [{ key: "line", name: "Line", stages: ["calls", "deals"] }],
      teams: [{ key: "t", name: "T", parent: null }],
      targets: [
        { key: "mine", subject: { participant: "a" }, metric: null, period: "quarter", value: 5 },
        { key: "ours", subject: { team: "t" }, metric: "calls", period: "week", value: 5 },
      ],
    });
    expect(
      (await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [{ id: "a", displayName: "A", team: "t", cohort: null }] } }))
        .status,
    ).toBe(200);
    const paths = [
      "/insights/funnels/line?period=quarter&at=0001-01-01",
      "/insights/funnels/line?period=week&at=9999-12-31",
      "/insights/funnels/line?period=month&at=2026-02",
      "/insights/funnels/line?participant=%00",
      "/insights/funnels/%E2%9C%93",
      "/insights/changes?week=0001-W01",
      "/insights/changes?week=2025-W53",
      "/insights/changes?week=2020-W53",
      "/insights/indicators?outcome=%00&weeks=52",
      "/insights/indicators?weeks=1e1",
      "/insights/trends?weeks=52.0",
      // Target forecasts of periods at the calendar's ends.
      "/participants/a/score?period=week&at=0001-01-01",
      "/participants/a/score?period=quarter&at=9999-12-31",
      "/dashboard?at=0001-01-01",
      "/dashboard?at=9999-12-27",
    ];
    for (const path of paths) {
      const res = await get(p, path);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      expect([200, 404, 409, 422], path).toContain(res.status);
    }
    // 2020 has a week 53 and it has ended; 2025 has none.
    expect((await get(p, "/insights/changes?week=2020-W53")).status).toBe(200);
    expect((await get(p, "/insights/changes?week=2025-W53")).status).toBe(422);
    expect((await get(p, "/insights/funnels/line?period=week&at=9999-12-31")).status).toBe(422);
  });
});
