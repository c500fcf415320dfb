import { describe, expect, it } from "vitest";
import { leadIndicatorReport, type ParticipantWeek } from "../../../scoring/insights/lead-indicators";
import { benjaminiHochberg } from "../../../scoring/insights/multiple-testing";
import { spearman } from "../../../scoring/insights/rank-correlation";
import { poisson, seededRandom } from "./numeric";

const metrics = [
  { metric: "calls", points: 2 },
  { metric: "posts", points: 1 },
];

const week = (participant: string, label: string, calls: number, posts: number, outcome: number): ParticipantWeek => ({
  participant,
  week: label,
  leadUnits: { calls, posts },
  leadScore: 2 * calls + posts,
  outcomeUnits: outcome,
});

describe("leadIndicatorReport", () => {
  it("pairs a week with the participant's next ISO week, across a year's end, skipping unobserved weeks", () => {
    const weeks = [
      week("a", "2025-W51", 1, 0, 0),
      week("a", "2025-W52", 3, 1, 2),
      week("a", "2026-W01", 2, 4, 5), // 2025-12-29 is a Monday: week 1 of ISO year 2026
      week("b", "2025-W51", 5, 2, 1),
      week("b", "2025-W52", 0, 3, 4),
      week("b", "2026-W02", 4, 0, 3), // b's 2026-W01 was not observed: no pair for 2025-W52
      week("c", "2025-W52", 6, 1, 1),
      week("c", "2026-W01", 2, 2, 6),
    ];
    const report = leadIndicatorReport(weeks, metrics);
    // Pairs (calls this week → outcome next week): a W51→W52 (1, 2), a W52→W01 (3, 5), b W51→W52 (5, 4), c W52→W01 (6, 6).
    const calls = report.indicators.find((i) => i.metric === "calls")!;
    const expected = spearman([1, 3, 5, 6], [2, 5, 4, 6])!;
    expect(calls.nextWeek!.n).toBe(4);
    expect(calls.nextWeek!.rho).toBeCloseTo(expected.rho, 12);
    expect(calls.sameWeek!.n).toBe(8);
    expect(report.indicators.map((i) => i.metric)).toEqual(["calls", "posts", null]);
  });

  it("adjusts every association's p-value together by Benjamini–Hochberg", () => {
    const random = seededRandom(7);
    const weeks: ParticipantWeek[] = [];
    for (let p = 0; p < 6; p++) {
      for (let w = 1; w <= 8; w++) weeks.push(week(`p${p}`, `2026-W0${w}`, poisson(random, 4), poisson(random, 3), poisson(random, 2)));
    }
    const report = leadIndicatorReport(weeks, metrics);
    const all = report.indicators.flatMap((i) => [i.sameWeek!, i.nextWeek!]);
    const adjusted = benjaminiHochberg(all.map((a) => a.pValue));
    all.forEach((a, i) => {
      expect(a.adjustedPValue).toBe(adjusted[i]);
      expect(a.significant).toBe(a.adjustedPValue <= 0.05);
    });
    expect(report.associationMethod).toMatch(/Spearman.*Bonett–Wright.*Benjamini–Hochberg/);
  });

  it("finds the metric that drives next week's outcome, not the one that does not, and suggests points to match", () => {
    // 40 sellers × 12 weeks. Outcome next week ~ Poisson(0.3 · calls this week + 0.5); posts are noise.
    const random = seededRandom(2026);
    const weeks: ParticipantWeek[] = [];
    for (let s = 0; s < 40; s++) {
      const activity = 2 + (s % 8) * 1.5;
      let previousCalls = poisson(random, activity);
      for (let w = 1; w <= 12; w++) {
        const calls = poisson(random, activity);
        const posts = poisson(random, 3);
        weeks.push(week(`s${s}`, `2026-W${String(w).padStart(2, "0")}`, calls, posts, poisson(random, 0.3 * previousCalls + 0.5)));
        previousCalls = calls;
      }
    }
    const report = leadIndicatorReport(weeks, metrics);
    const [calls, posts, score] = report.indicators;
    expect(calls.nextWeek!.significant).toBe(true);
    expect(calls.nextWeek!.rho).toBeGreaterThan(0.3);
    expect(calls.nextWeek!.ci95.low).toBeGreaterThan(0);
    expect(posts.nextWeek!.significant).toBe(false);
    expect(score.nextWeek!.significant).toBe(true);
    const weights = report.suggestedWeights!;
    expect(weights.n).toBe(40 * 11);
    const [callWeight, postWeight] = weights.weights;
    expect(callWeight.outcomePerUnit).toBeGreaterThan(0.2);
    expect(callWeight.outcomePerUnit).toBeLessThan(0.4);
    // The posts' coefficient is noise around 0 (its standard error here is about 0.045).
    expect(postWeight.outcomePerUnit).toBeLessThan(0.1);
    expect(callWeight.suggestedPoints).toBeGreaterThan(2 * postWeight.suggestedPoints);
  });

  it("refuses a repeated participant-week and a label that is not an ISO week", () => {
    expect(() => leadIndicatorReport([week("a", "2026-W01", 1, 1, 1), week("a", "2026-W01", 2, 2, 2)], metrics)).toThrow(RangeError);
    expect(() => leadIndicatorReport([week("a", "2026-13", 1, 1, 1)], metrics)).toThrow(RangeError);
    expect(() => leadIndicatorReport([week("a", "2026-W60", 1, 1, 1)], metrics)).toThrow(RangeError);
  });
});
