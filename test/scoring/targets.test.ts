import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePeriod, periodInstants } from "../../scoring/periods";
import { actualFromScore, actualFromUnits, measureTarget, targetPeriod } from "../../scoring/targets";
import { teamTargetActual } from "./reference/targets";

const HOUR = 3_600_000;
const period = (kind: "day" | "week" | "month" | "quarter" | "all", at: string) => parsePeriod(kind, at)!;

/** The shortest decimal text of a count of ten-thousandths, as JSON would print the exact number. */
function decimalText(t: bigint): string {
  const whole = t / 10_000n;
  const fraction = String(t % 10_000n)
    .padStart(4, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

describe("targetPeriod", () => {
  it("uses the queried period's last day once that period has ended", () => {
    // 2026-W53 runs 2026-12-28 to 2027-01-03: its last day is in January and in Q1.
    const w53 = period("week", "2026-W53");
    expect(targetPeriod("week", w53, "2027-01-04").label).toBe("2026-W53");
    expect(targetPeriod("month", w53, "2027-01-04").label).toBe("2027-01");
    expect(targetPeriod("quarter", w53, "2027-02-20").label).toBe("2027-Q1");
    expect(targetPeriod("week", period("month", "2026-03"), "2026-06-01").label).toBe("2026-W14"); // 2026-03-31 is a Tuesday
    expect(targetPeriod("month", period("day", "2026-02-28"), "2026-03-01").label).toBe("2026-02");
  });

  it("uses today while the queried period has not ended, or has not begun", () => {
    const w53 = period("week", "2026-W53");
    expect(targetPeriod("month", w53, "2026-12-30").label).toBe("2026-12");
    expect(targetPeriod("month", w53, "2027-01-03").label).toBe("2027-01");
    expect(targetPeriod("quarter", period("day", "2026-06-30"), "2026-06-30").label).toBe("2026-Q2");
    expect(targetPeriod("week", period("quarter", "2027-Q3"), "2026-12-31").label).toBe("2026-W53");
  });

  it("treats all as never ending", () => {
    expect(targetPeriod("week", period("all", "all"), "2027-01-04")).toEqual(period("week", "2027-W01"));
  });
});

describe("measureTarget", () => {
  const start = Date.UTC(2026, 5, 1);
  const end = start + 100 * HOUR;

  it("expects the value times the elapsed fraction", () => {
    // value 400, a quarter of the way through
    const quarter = start + 25 * HOUR;
    expect(measureTarget(40_000, 1_000_000, start, end, quarter)).toEqual({ actual: 100, attainment: 0.25, expected: 100, status: "on_track" });
    expect(measureTarget(40_000, 999_999, start, end, quarter)).toEqual({ actual: 99.9999, attainment: 0.25, expected: 100, status: "behind" });
  });

  it("expects nothing before the start and the whole value once ended", () => {
    expect(measureTarget(40_000, 0, start, end, start - 1)).toEqual({ actual: 0, attainment: 0, expected: 0, status: "on_track" });
    expect(measureTarget(40_000, 0, start, end, start)).toMatchObject({ expected: 0, status: "on_track" });
    expect(measureTarget(40_000, 3_990_000, start, end, end)).toEqual({ actual: 399, attainment: 0.9975, expected: 400, status: "behind" });
    expect(measureTarget(40_000, 3_990_000, start, end, end + 1e9)).toMatchObject({ expected: 400 });
  });

  it("is met at the value, and above it", () => {
    expect(measureTarget(40_000, 4_000_000, start, end, start + HOUR)).toMatchObject({ attainment: 1, status: "met" });
    expect(measureTarget(100, 2_500_000, start, end, start)).toMatchObject({ actual: 250, attainment: 250, status: "met" });
  });

  it("rounds attainment and expected half away from zero to 4 places", () => {
    expect(measureTarget(300, 10_000, start, end, end).attainment).toBe(0.3333); // 1 / 3
    expect(measureTarget(300, 20_000, start, end, end).attainment).toBe(0.6667); // 2 / 3
    expect(measureTarget(1, 1, start, end, end).attainment).toBe(0.01); // 0.0001 / 0.01
    expect(measureTarget(200_000_000, 1, start, end, end).attainment).toBe(0); // 0.0001 / 2,000,000 = 5e-11
    expect(measureTarget(200, 1, start, end, end).attainment).toBe(0.0001); // 0.0001 / 2 = 0.00005 → half up
    expect(measureTarget(201, 1, start, end, end).attainment).toBe(0); // 0.0001 / 2.01 < 0.00005
    // 0.01 × 1/80000 = 0.000000125 → 0; 0.01 × 3/8 = 0.00375 → 0.0038.
    expect(measureTarget(1, 0, start, start + 80_000, start + 1).expected).toBe(0);
    expect(measureTarget(1, 0, start, start + 8, start + 3).expected).toBe(0.0038);
  });

  it("compares actual with the expected it reports", () => {
    // value 1 over 3 ms, 1 ms in: exactly 0.33333…, reported 0.3333; an actual of 0.3333 is on track.
    expect(measureTarget(100, 3_333, 0, 3, 1)).toEqual({ actual: 0.3333, attainment: 0.3333, expected: 0.3333, status: "on_track" });
    expect(measureTarget(100, 3_332, 0, 3, 1).status).toBe("behind");
  });

  it("measures elapsed time in real instants across a DST change", () => {
    // 2026-W43 in London holds the 25-hour 2026-10-25: 169 hours.
    const { start: s, end: e } = periodInstants(period("week", "2026-W43"), "Europe/London")!;
    expect(e - s).toBe(169 * HOUR);
    // 13 hours in, of 169: value 169 → expected 13.
    expect(measureTarget(16_900, 0, s, e, s + 13 * HOUR).expected).toBe(13);
  });

  it("refuses a value of 0 and an empty period", () => {
    expect(() => measureTarget(0, 0, start, end, start)).toThrow(RangeError);
    expect(() => measureTarget(100, 0, start, start, start)).toThrow(RangeError);
  });

  it("agrees with exact rational arithmetic", () => {
    const input = fc.record({
      valueH: fc.integer({ min: 1, max: 100_000_000_000 }),
      actualT: fc.integer({ min: 0, max: 1_000_000_000_000 }),
      length: fc.integer({ min: 1, max: 100 * 24 * HOUR }),
      at: fc.integer({ min: -HOUR, max: 101 * 24 * HOUR }),
    });
    // round(p / q) half up for p, q ≥ 0 as the k with |p/q − k| ≤ ½ and ties upwards.
    const round = (p: bigint, q: bigint) => {
      const k = p / q;
      return (p - k * q) * 2n >= q ? k + 1n : k;
    };
    fc.assert(
      fc.property(input, ({ valueH, actualT, length, at }) => {
        const got = measureTarget(valueH, actualT, 0, length, at);
        const elapsed = BigInt(Math.min(Math.max(at, 0), length));
        const expectedT = round(BigInt(valueH) * 100n * elapsed, BigInt(length));
        // actual / value = (actualT / 10⁴) / (valueH / 10²), in ten-thousandths: actualT × 100 / valueH.
        expect(String(got.actual)).toBe(decimalText(BigInt(actualT)));
        expect(String(got.attainment)).toBe(decimalText(round(BigInt(actualT) * 100n, BigInt(valueH))));
        expect(String(got.expected)).toBe(decimalText(expectedT));
        const status = actualT >= valueH * 100 ? "met" : BigInt(actualT) >= expectedT ? "on_track" : "behind";
        expect(got.status).toBe(status);
      }),
      { numRuns: 500 },
    );
  });
});

describe("actuals", () => {
  it("scales capped units and scores to one form", () => {
    expect(actualFromUnits(250)).toBe(25_000); // 2.5 units
    expect(actualFromScore(25_000)).toBe(25_000); // 2.5 points
    expect(measureTarget(500, actualFromUnits(250), 0, 10, 10).attainment).toBe(0.5);
  });

  it("adds up units over a team, and takes the team score for a lead-score target", () => {
    expect(teamTargetActual([100, 200, 300], "calls", "mean")).toBe(600);
    expect(teamTargetActual([100, 200, 301], null, "mean")).toBe(200); // 200.33 → 200
    expect(teamTargetActual([100, 200, 301], null, "sum")).toBe(601);
    expect(teamTargetActual([1, 2], null, "mean")).toBe(2); // 1.5 → 2
    expect(teamTargetActual([], null, "mean")).toBe(0);
    expect(teamTargetActual([], "calls", "sum")).toBe(0);
  });
});
