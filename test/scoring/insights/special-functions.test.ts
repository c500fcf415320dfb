import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lnGamma, regularizedIncompleteBeta } from "../../../scoring/insights/special-functions";
import { expectSignificant } from "./numeric";

describe("lnGamma", () => {
  it("matches ln((z−1)!) and ln √π, known exactly", () => {
    expectSignificant(lnGamma(10), Math.log(362880), 12);
    expectSignificant(lnGamma(0.5), 0.5 * Math.log(Math.PI), 12);
    let logFactorial = 0;
    for (let n = 2; n <= 170; n++) {
      logFactorial += Math.log(n - 1);
      if (n > 2) expectSignificant(lnGamma(n), logFactorial, 12);
    }
  });

  it("matches mpmath.loggamma (30 digits) at small and large arguments", () => {
    // Reference: mpmath 1.x, mp.dps = 30, loggamma(z).
    expectSignificant(lnGamma(1e-3), 6.90717888538385366168368145865, 12);
    expectSignificant(lnGamma(100.5), 361.435540467777621555251912703, 12);
    expectSignificant(lnGamma(5000.25), 37584.7555952328919145426826983, 12);
  });

  it("refuses z ≤ 0", () => {
    expect(() => lnGamma(0)).toThrow(RangeError);
  });
});

describe("regularizedIncompleteBeta", () => {
  it("matches mpmath.betainc(a, b, 0, x, regularized=True) to 10 digits", () => {
    // Reference: mpmath 1.x, mp.dps = 30. (0.3; 2, 3) is also Σ_{j=2..4} C(4,j) 0.3ʲ 0.7⁴⁻ʲ = 0.3483 by hand.
    const cases: [number, number, number, number][] = [
      [0.3, 2, 3, 0.348299999999999980415665845612],
      [0.9, 50, 10, 0.933410554417128708838684927207],
      [0.2, 0.5, 3.5, 0.772547181940236892620101121532],
      [0.1, 1000, 9000, 0.503546220751864013652413826111],
      [0.11, 200, 1600, 0.447904470098050464611573941224],
      [0.999, 2.5, 0.5, 0.946342345308186431192641197175],
    ];
    for (const [x, a, b, expected] of cases) expectSignificant(regularizedIncompleteBeta(x, a, b), expected, 10);
  });

  it("matches the closed forms I_x(a, 1) = xᵃ and I_x(1, b) = 1 − (1−x)ᵇ", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.05, max: 200, noNaN: true }), (x, s) => {
        expectSignificant(regularizedIncompleteBeta(x, s, 1), x ** s, 10);
        expectSignificant(regularizedIncompleteBeta(x, 1, s), -Math.expm1(s * Math.log1p(-x)), 10);
      }),
    );
  });

  it("is symmetric: I_x(a, b) = 1 − I_{1−x}(b, a), and ½ at x = ½ when a = b", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        (x, a, b) => {
          const sum = regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a);
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          expectSignificant(regularizedIncompleteBeta(0.5, a, a), 0.5, 12);
        },
      ),
    );
  });

  it("is 0 and 1 at the ends and refuses arguments out of range", () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow(RangeError);
  });
});
