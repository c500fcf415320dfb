import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIRST_DAY, type WeightVersion, applyWeight, cappedUnits, versionOn } from "../../scoring/weights";
import { dailyPoints } from "./reference/weights";
import { addDays } from "./reference-calendar";

const w = (pointsH: number, dailyCapH: number | null = null) => ({ pointsH, dailyCapH });
const v = (effectiveFrom: string, pointsH: number, dailyCapH: number | null = null): WeightVersion => ({ effectiveFrom, pointsH, dailyCapH });

describe("applyWeight", () => {
  it("dates the first version by effectiveFrom, else today, and rescores everything", () => {
    expect(applyWeight([], w(200, 500), "2026-01-05", "2026-03-01")).toEqual({ versions: [v("2026-01-05", 200, 500)], rescoreFrom: FIRST_DAY });
    expect(applyWeight([], w(200), null, "2026-03-01")).toEqual({ versions: [v("2026-03-01", 200)], rescoreFrom: FIRST_DAY });
  });

  it("changes nothing when points and cap equal the latest version's", () => {
    const versions = [v("2026-01-01", 100), v("2026-02-01", 200, 300)];
    expect(applyWeight(versions, w(200, 300), "2026-01-15", "2026-03-01")).toEqual({ versions, rescoreFrom: null });
    // Equal to an older version is still a change.
    expect(applyWeight(versions, w(100), null, "2026-03-01").versions).toEqual([...versions, v("2026-03-01", 100)]);
  });

  it("counts a changed cap alone as a change", () => {
    const change = applyWeight([v("2026-01-01", 100, 500)], w(100, null), null, "2026-02-10");
    expect(change).toEqual({ versions: [v("2026-01-01", 100, 500), v("2026-02-10", 100, null)], rescoreFrom: "2026-02-10" });
  });

  it("re-weights from today on, keeping history", () => {
    const change = applyWeight([v("2026-01-01", 100)], w(300), null, "2026-03-01");
    expect(change).toEqual({ versions: [v("2026-01-01", 100), v("2026-03-01", 300)], rescoreFrom: "2026-03-01" });
  });

  it("replaces every version dated on or after the new one's date", () => {
    const versions = [v("2026-01-01", 100), v("2026-02-01", 200), v("2026-03-01", 300)];
    expect(applyWeight(versions, w(50), "2026-02-01", "2026-04-01")).toEqual({
      versions: [v("2026-01-01", 100), v("2026-02-01", 50)],
      rescoreFrom: "2026-02-01",
    });
    expect(applyWeight(versions, w(50), "2025-12-01", "2026-04-01")).toEqual({ versions: [v("2025-12-01", 50)], rescoreFrom: FIRST_DAY });
  });

  it("reads versions in any order", () => {
    const change = applyWeight([v("2026-03-01", 300), v("2026-01-01", 100)], w(300), null, "2026-04-01");
    expect(change.rescoreFrom).toBeNull();
  });
});

describe("versionOn", () => {
  const versions = [v("2026-03-01", 300), v("2026-01-10", 100, 200), v("2026-02-01", 200)];

  it("scores a day with the latest version dated on or before it", () => {
    expect(versionOn(versions, "2026-01-10").pointsH).toBe(100);
    expect(versionOn(versions, "2026-01-31").pointsH).toBe(100);
    expect(versionOn(versions, "2026-02-01").pointsH).toBe(200);
    expect(versionOn(versions, "2026-02-28").pointsH).toBe(200);
    expect(versionOn(versions, "2027-01-01").pointsH).toBe(300);
  });

  it("scores days before the first version with the first version", () => {
    expect(versionOn(versions, "2026-01-09")).toEqual(v("2026-01-10", 100, 200));
    expect(versionOn(versions, "1999-12-31").pointsH).toBe(100);
  });
});

describe("weight changes, at random", () => {
  const day = fc.integer({ min: -60, max: 60 }).map((n) => addDays("2026-06-01", n));
  const weight = fc.record({ pointsH: fc.constantFrom(0, 50, 100, 200), dailyCapH: fc.constantFrom(null, 100, 250) });
  const put = fc.record({ weight, effectiveFrom: fc.option(day, { nil: null }), today: day });
  const history = fc.array(put, { minLength: 1, maxLength: 6 }).map((puts) => {
    let versions: WeightVersion[] = [];
    for (const p of puts) versions = applyWeight(versions, p.weight, p.effectiveFrom, p.today).versions;
    return versions;
  });

  it("moves no day before rescoreFrom and scores every day from the new date with the new weight", () => {
    fc.assert(
      fc.property(history, put, day, (versions, p, probe) => {
        const { versions: after, rescoreFrom } = applyWeight(versions, p.weight, p.effectiveFrom, p.today);
        const weightOf = (vs: WeightVersion[]) => {
          const { pointsH, dailyCapH } = versionOn(vs, probe);
          return { pointsH, dailyCapH };
        };
        if (rescoreFrom === null || probe < rescoreFrom) expect(weightOf(after)).toEqual(weightOf(versions));
        if (rescoreFrom !== null && probe >= (p.effectiveFrom ?? p.today)) expect(weightOf(after)).toEqual(p.weight);
        // Versions stay distinct by date, and the latest carries the weight just set.
        expect(new Set(after.map((x) => x.effectiveFrom)).size).toBe(after.length);
        const latest = after.reduce((a, b) => (b.effectiveFrom > a.effectiveFrom ? b : a));
        expect({ pointsH: latest.pointsH, dailyCapH: latest.dailyCapH }).toEqual(p.weight);
      }),
      { numRuns: 300 },
    );
  });
});

describe("daily points", () => {
  it("caps units by the day's cap", () => {
    expect(cappedUnits(700, 500)).toBe(500);
    expect(cappedUnits(300, 500)).toBe(300);
    expect(cappedUnits(700, null)).toBe(700);
  });

  it("multiplies capped units by points exactly, in ten-thousandths", () => {
    expect(dailyPoints(700, w(200, 500))).toBe(100_000); // min(7, 5) × 2 = 10
    expect(dailyPoints(7, w(29))).toBe(203); // 0.07 × 0.29 = 0.0203
    expect(dailyPoints(1_000, w(0))).toBe(0);
  });
});
