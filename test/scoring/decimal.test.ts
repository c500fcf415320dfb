import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRound, toHundredths } from "../../scoring/decimal";

describe("toHundredths", () => {
  it("reads numbers with up to two decimal places exactly", () => {
    expect(toHundredths(0.29)).toBe(29);
    expect(toHundredths(1.1)).toBe(110);
    expect(toHundredths(12)).toBe(1200);
    expect(toHundredths(-0)).toBe(0);
    expect(toHundredths(0.5)).toBe(50);
  });

  it("refuses a third decimal place, non-finite and out-of-range numbers", () => {
    expect(toHundredths(0.125)).toBeNull();
    expect(toHundredths(1e-7)).toBeNull();
    expect(toHundredths(Infinity)).toBeNull();
    expect(toHundredths(Number.NaN)).toBeNull();
    expect(toHundredths(1e12)).toBeNull();
  });

  it("round-trips every two-place decimal", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), (h) => {
        expect(toHundredths(Number((h / 100).toFixed(2)))).toBe(h);
      }),
    );
  });
});

describe("divRound", () => {
  it("rounds half away from zero", () => {
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(4, 3)).toBe(1);
    expect(divRound(7, 4)).toBe(2);
  });

  it("agrees with exact rational rounding", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        const q = Math.trunc(n / d);
        const r = Math.abs(n - q * d);
        const expected = (2 * r >= d ? q + Math.sign(n) : q) + 0;
        expect(divRound(n, d)).toBe(expected);
      }),
    );
  });
});
