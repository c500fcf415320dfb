import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { EARLIEST_INSTANT, LATEST_INSTANT, parseInstant, withinCalendar } from "../../scoring/instants";
import { localDateOf } from "../../scoring/periods";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

interface Parts {
  date: Date;
  fraction: string | undefined;
  offset: { sign: string; hours: number; minutes: number } | undefined;
  t: string;
  z: string;
}

/** Valid RFC 3339 timestamps from year 0 to 9999, with any fraction and offset. */
const timestamps: fc.Arbitrary<Parts> = fc.record({
  date: fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
  fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
  offset: fc.option(fc.record({ sign: fc.constantFrom("+", "-"), hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }) }), {
    nil: undefined,
  }),
  t: fc.constantFrom("T", "t"),
  z: fc.constantFrom("Z", "z"),
});

function text({ date, fraction, offset, t, z }: Parts): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const zone = offset ? `${offset.sign}${pad(offset.hours)}:${pad(offset.minutes)}` : z;
  return `${day}${t}${time}${fraction === undefined ? "" : `.${fraction}`}${zone}`;
}

/** The reference: Temporal's reading of the same text, floored to the millisecond. */
function reference(s: string): number {
  const ns = Temporal.Instant.from(s.toUpperCase()).epochNanoseconds;
  const ms = ns / 1_000_000n;
  return Number(ns < 0n && ms * 1_000_000n !== ns ? ms - 1n : ms);
}

describe("parseInstant", () => {
  it("reads instants with Z or an offset, to the millisecond", () => {
    expect(parseInstant("2026-11-23T09:00:00Z")).toBe(Date.UTC(2026, 10, 23, 9));
    expect(parseInstant("2026-11-23T09:00:00.1239+01:30")).toBe(Date.UTC(2026, 10, 23, 7, 30, 0, 123));
    expect(parseInstant("0042-03-01T00:00:00Z")).toBe(Temporal.Instant.from("0042-03-01T00:00:00Z").epochMilliseconds);
  });

  it("refuses dates and times that do not exist, and other shapes", () => {
    for (const bad of [
      "2026-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-11-23T24:00:00Z",
      "2026-11-23T09:00:60Z",
      "2026-11-23T09:00:00+24:00",
      "2026-11-23T09:00:00",
      "2026-11-23 09:00:00Z",
      "2026-11-23",
    ]) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });

  it("agrees with Temporal on every valid timestamp, years 0–99 included", () => {
    fc.assert(
      fc.property(timestamps, (parts) => {
        const s = text(parts);
        expect(parseInstant(s)).toBe(reference(s));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe("withinCalendar", () => {
  it("holds instants from a day after year 0001 begins to a day before year 9999 ends", () => {
    expect(EARLIEST_INSTANT).toBe(Temporal.Instant.from("0001-01-02T00:00:00Z").epochMilliseconds);
    expect(LATEST_INSTANT).toBe(Temporal.Instant.from("9999-12-31T00:00:00Z").epochMilliseconds);
    expect(withinCalendar(EARLIEST_INSTANT)).toBe(true);
    expect(withinCalendar(EARLIEST_INSTANT - 1)).toBe(false);
    expect(withinCalendar(LATEST_INSTANT - 1)).toBe(true);
    expect(withinCalendar(LATEST_INSTANT)).toBe(false);
    expect(withinCalendar(parseInstant("0000-01-01T00:00:00+14:00")!)).toBe(false);
  });

  it("gives every instant it holds a local day of years 0001–9999 in the zones furthest from UTC", () => {
    // Offsets in year 0001 are the old local mean times: +14:58:47 in America/Sitka, -15:56:08 in Asia/Manila.
    for (const zone of ["America/Sitka", "Asia/Manila", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14"]) {
      expect(localDateOf(EARLIEST_INSTANT, zone) >= "0001-01-01", zone).toBe(true);
      expect(localDateOf(LATEST_INSTANT - 1, zone) <= "9999-12-31", zone).toBe(true);
      expect(localDateOf(LATEST_INSTANT - 1, zone)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
