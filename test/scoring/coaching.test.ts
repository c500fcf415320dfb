import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { biggestGap } from "../../scoring/coaching";

describe("biggestGap", () => {
  it("picks the metric furthest below the top average in points, not in units", () => {
    const gap = biggestGap([
      { metric: "posts", pointsH: 200, ownH: 100, topH: [500, 700] }, // 5 below × 2 points = 10
      { metric: "notes", pointsH: 50, ownH: 0, topH: [1000, 1000] }, // 10 below × 0.5 points = 5
    ]);
    expect(gap).toEqual({ metric: "posts", ownH: 100, topAverageH: 600, worth: 100_000 }); // 10 points
  });

  it("is null when the seller matches or beats the top 10 everywhere", () => {
    expect(biggestGap([{ metric: "posts", pointsH: 200, ownH: 900, topH: [500, 700] }])).toBeNull();
    expect(biggestGap([])).toBeNull();
  });

  it("never names a metric the seller is ahead on, and its worth is exact", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            metric: fc.string({ minLength: 1, maxLength: 5 }),
            pointsH: fc.integer({ min: 0, max: 10_000 }),
            ownH: fc.integer({ min: 0, max: 100_000 }),
            topH: fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 10 }),
          }),
          { maxLength: 6 },
        ),
        (metrics) => {
          const gap = biggestGap(metrics);
          const worths = metrics.map((m) => {
            const avg = Math.round(m.topH.reduce((a, b) => a + b, 0) / m.topH.length);
            return (avg - m.ownH) * m.pointsH;
          });
          const max = Math.max(0, ...worths);
          if (max === 0) expect(gap).toBeNull();
          else expect(gap!.worth).toBe(max);
        },
      ),
    );
  });
});
