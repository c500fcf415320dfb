import { describe, expect, it } from "vitest";
import { forecastFunnel, funnel, historicalConversions } from "../../../scoring/insights/funnels";

const STAGES = ["calls", "meetings", "proposals", "deals"];

describe("funnel", () => {
  it("gives each stage's units and the hand-computed conversions, and finds the bottleneck", () => {
    // 200 calls → 40 meetings (0.2) → 30 proposals (0.75) → 6 deals (0.2, ties the first; the first is named).
    const f = funnel(STAGES, { calls: 200, meetings: 40, proposals: 30, deals: 6 });
    expect(f.stages).toEqual([
      { metric: "calls", units: 200, conversion: null },
      { metric: "meetings", units: 40, conversion: 0.2 },
      { metric: "proposals", units: 30, conversion: 0.75 },
      { metric: "deals", units: 6, conversion: 0.2 },
    ]);
    expect(f.bottleneck).toEqual({ from: "calls", to: "meetings", conversion: 0.2 });
    expect(funnel(STAGES, { calls: 100, meetings: 50, proposals: 10, deals: 5 }).bottleneck).toEqual({
      from: "meetings",
      to: "proposals",
      conversion: 0.2,
    });
  });

  it("has no conversion after an empty stage, a missing metric counting as none", () => {
    const f = funnel(STAGES, { calls: 10, proposals: 2 });
    expect(f.stages.map((s) => s.conversion)).toEqual([null, 0, null, 0]);
    expect(f.bottleneck).toEqual({ from: "calls", to: "meetings", conversion: 0 });
    expect(funnel(["calls"], { calls: 3 }).bottleneck).toBeNull();
    // "constructor" is a valid metric key; an object's inherited members are not units.
    expect(funnel(["calls", "constructor"], { calls: 4 }).stages[1]).toEqual({ metric: "constructor", units: 0, conversion: 0 });
  });

  it("refuses an empty funnel and a repeated stage", () => {
    expect(() => funnel([], {})).toThrow(RangeError);
    expect(() => funnel(["calls", "calls"], {})).toThrow(RangeError);
  });
});

describe("historicalConversions", () => {
  it("is a ratio of sums over past periods, not a mean of ratios", () => {
    // Meetings/calls: (1 + 40) / (1 + 200) = 41/201, where the mean of ratios would be (1 + 0.2)/2 = 0.6.
    const past = [
      { calls: 1, meetings: 1, proposals: 0, deals: 0 },
      { calls: 200, meetings: 40, proposals: 20, deals: 5 },
    ];
    expect(historicalConversions(STAGES, past)).toEqual([41 / 201, 20 / 41, 5 / 20]);
    expect(historicalConversions(STAGES, [{ calls: 5 }])).toEqual([0, null, null]);
  });
});

describe("forecastFunnel", () => {
  const past = [
    { calls: 100, meetings: 20, proposals: 10, deals: 2 },
    { calls: 300, meetings: 60, proposals: 30, deals: 6 },
  ];

  it("adds the rest of the period's paced top-of-funnel, converted down at historical rates (by hand)", () => {
    // Conversions 80/400 = 0.2, 40/80 = 0.5, 8/40 = 0.2. A quarter of the period gone with 50 calls:
    // 150 more calls → 30 meetings → 15 proposals → 3 deals on top of what is there.
    const f = forecastFunnel(STAGES, { calls: 50, meetings: 12, proposals: 4, deals: 1 }, 0.25, past);
    expect(f.stages.map((s) => s.forecast)).toEqual([200, 42, 19, 4]);
    expect(f.stages.map((s) => s.units)).toEqual([50, 12, 4, 1]);
    expect(f.lastStage).toBe(4);
  });

  it("is what happened once the period is over, and the past mean before it starts", () => {
    expect(forecastFunnel(STAGES, { calls: 70, meetings: 9, proposals: 3, deals: 2 }, 1, past).lastStage).toBe(2);
    // Mean past calls 200 → 40 → 20 → 4.
    expect(forecastFunnel(STAGES, {}, 0, past).stages.map((s) => s.forecast)).toEqual([200, 40, 20, 4]);
    expect(forecastFunnel(STAGES, {}, 0, []).lastStage).toBeNull();
  });

  it("has no forecast past a step without history", () => {
    const f = forecastFunnel(STAGES, { calls: 10 }, 0.5, [{ calls: 10, meetings: 0 }]);
    expect(f.stages.map((s) => s.forecast)).toEqual([20, 0, null, null]);
    expect(() => forecastFunnel(STAGES, {}, 1.5, past)).toThrow(RangeError);
  });
});
