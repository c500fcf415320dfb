import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canToggle, isRanked, optedInAt } from "../../scoring/optin";

const history = [
  { at: 100, optedIn: true },
  { at: 200, optedIn: false },
  { at: 300, optedIn: true },
  { at: 300, optedIn: false },
  { at: 300, optedIn: true },
  { at: 400, optedIn: true }, // a repeated opt-in changes nothing
];

describe("optedInAt", () => {
  it("is out before the first toggle", () => {
    expect(optedInAt([], 0)).toBe(false);
    expect(optedInAt(history, 99)).toBe(false);
  });

  it("is in from the opt-in instant until the opt-out instant", () => {
    expect(optedInAt(history, 100)).toBe(true);
    expect(optedInAt(history, 199)).toBe(true);
    expect(optedInAt(history, 200)).toBe(false);
    expect(optedInAt(history, 299)).toBe(false);
  });

  it("lets the last of several toggles at one instant win", () => {
    expect(optedInAt(history, 300)).toBe(true);
    expect(optedInAt(history.slice(0, 4), 300)).toBe(false);
    expect(optedInAt(history, 10_000)).toBe(true);
  });

  it("agrees with replaying the history", () => {
    const toggles = fc
      .array(fc.record({ at: fc.integer({ min: 0, max: 20 }), optedIn: fc.boolean() }), { maxLength: 10 })
      .map((ts) => ts.sort((a, b) => a.at - b.at));
    fc.assert(
      fc.property(toggles, fc.integer({ min: -1, max: 21 }), (ts, at) => {
        const replayed = ts.reduce((state, t) => (t.at <= at ? t.optedIn : state), false);
        expect(optedInAt(ts, at)).toBe(replayed);
      }),
      { numRuns: 300 },
    );
  });
});

describe("canToggle and isRanked", () => {
  it("refuses a toggle earlier than the latest, and allows one at the same instant", () => {
    expect(canToggle(history, 399)).toBe(false);
    expect(canToggle(history, 400)).toBe(true);
    expect(canToggle([], -5)).toBe(true);
  });

  it("ranks everyone where opt-in is not required, else those opted in now", () => {
    expect(isRanked(false, [], 0)).toBe(true);
    expect(isRanked(true, [], 0)).toBe(false);
    expect(isRanked(true, history, 250)).toBe(false);
    expect(isRanked(true, history, 150)).toBe(true);
  });
});
