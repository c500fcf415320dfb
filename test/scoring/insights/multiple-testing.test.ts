import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../../scoring/insights/multiple-testing";
import { expectSignificant } from "./numeric";

describe("benjaminiHochberg", () => {
  it("adjusts the small textbook example by hand", () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 → ×4/rank: 0.02, 0.02, 0.04, 0.04 (then the running minimum from the top).
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).toEqual([0.02, 0.04, 0.04, 0.02]);
  });

  it("rejects the 4 hypotheses of Benjamini & Hochberg's (1995) own 15-p-value example at q = 0.05", () => {
    // The paper's §4 example; adjusted values as R's p.adjust(p, "BH") and scipy's false_discovery_control give them.
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571429, 0.0638571428571429, 0.0645, 0.0765, 0.486, 0.581181818181818, 0.714875, 0.753230769230769,
      0.813214285714286, 1,
    ];
    const adjusted = benjaminiHochberg(p);
    adjusted.forEach((a, i) => expectSignificant(a, expected[i], 12));
    expect(adjusted.filter((a) => a <= 0.05)).toHaveLength(4);
  });

  it("flags exactly what the step-up rule rejects, and never lowers a p-value", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (p, q) => {
        const adjusted = benjaminiHochberg(p);
        const sorted = [...p].sort((a, b) => a - b);
        // Step-up: the largest k with p₍ₖ₎ ≤ k q / m; reject the k smallest.
        let k = 0;
        sorted.forEach((value, i) => {
          if (value <= ((i + 1) * q) / p.length) k = i + 1;
        });
        const threshold = k === 0 ? -1 : sorted[k - 1];
        p.forEach((value, i) => {
          expect(adjusted[i]).toBeGreaterThanOrEqual(value);
          expect(adjusted[i]).toBeLessThanOrEqual(1);
          expect(adjusted[i] <= q * (1 + 1e-12)).toBe(value <= threshold);
        });
      }),
    );
  });

  it("refuses values that are not p-values", () => {
    expect(() => benjaminiHochberg([0.5, 1.2])).toThrow(RangeError);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});
