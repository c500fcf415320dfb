import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { backtestForecasts } from "../../../scoring/insights/forecast-backtest";
import { poisson, seededRandom } from "./numeric";

const WEEK = [10, 12, 8, 9, 11, 3, 0]; // Monday first

/** `days` consecutive days from `firstDay`, each day's units from its weekday. */
function series(firstDay: string, days: number, unitsOf: (weekday: number) => number) {
  const first = Temporal.PlainDate.from(firstDay);
  return { firstDay, dailyUnits: Array.from({ length: days }, (_, i) => unitsOf((first.dayOfWeek - 1 + i) % 7)) };
}

describe("backtestForecasts", () => {
  it("has no error on a steady weekly rhythm, once there is history to learn it from", () => {
    // 2026-01-01 is a Thursday; January is replayed with a uniform profile (no complete week
    // before it), so it alone has errors; February on is exact.
    const steady = series("2026-01-01", 365, (d) => WEEK[d]);
    const all = backtestForecasts(steady, "month");
    expect(all.periods).toBe(12);
    expect(all.forecasts).toBe(365 - 12); // each month but its last day
    const fromFebruary = backtestForecasts({ firstDay: "2026-01-05", dailyUnits: steady.dailyUnits.slice(4) }, "month");
    expect(fromFebruary.periods).toBe(11); // January is not wholly inside
    expect(fromFebruary.meanAbsolutePercentageError).toBeLessThan(1e-12);
    expect(all.meanAbsolutePercentageError!).toBeGreaterThan(0);
  });

  it("computes the percentage error of each forecast by hand for one week", () => {
    // Flat history of 1 a day, then a week of 7, 0, 0, 0, 0, 0, 0 (total 7). Uniform profile:
    // after 1 day the forecast is 7 × 7 = 49 (error 6), after 2…6 days it is 7·7/d: 24.5, 49/3, 12.25, 9.8, 49/6.
    const dailyUnits = [...Array(7).fill(1), 7, 0, 0, 0, 0, 0, 0];
    const result = backtestForecasts({ firstDay: "2026-03-02", dailyUnits }, "week");
    const errors = [49, 24.5, 49 / 3, 12.25, 9.8, 49 / 6].map((f) => Math.abs(f - 7) / 7);
    expect(result.periods).toBe(2);
    expect(result.forecasts).toBe(12);
    // The first week (all 1s, no history) is forecast exactly with a uniform profile.
    expect(result.meanAbsolutePercentageError).toBeCloseTo(errors.reduce((a, b) => a + b, 0) / 12, 12);
  });

  it("stays small on noisy but steady weeks, and skips periods with nothing to compare", () => {
    const random = seededRandom(3);
    const noisy = series("2026-01-05", 7 * 30, (d) => poisson(random, 5 * WEEK[d]));
    const result = backtestForecasts(noisy, "week");
    expect(result.periods).toBe(30);
    expect(result.meanAbsolutePercentageError!).toBeLessThan(0.1);
    expect(backtestForecasts({ firstDay: "2026-01-05", dailyUnits: Array(21).fill(0) }, "week")).toEqual({
      meanAbsolutePercentageError: null,
      forecasts: 0,
      periods: 0,
    });
  });
});
