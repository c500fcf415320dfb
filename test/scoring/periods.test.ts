import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  asOfDay,
  isTimeZone,
  labelOf,
  localDateOf,
  localDater,
  nextDay,
  parseLocalDate,
  parsePeriod,
  periodInstants,
  periodOf,
  previousDay,
  startOfDay,
} from "../../scoring/periods";
import { daysThrough } from "./reference/periods";
import { inPeriod } from "../../scoring/score";
import { labelsOfDay } from "./reference/periods";
import { localDay } from "./reference-calendar";

const HOUR = 3_600_000;
const date = (text: string) => Temporal.PlainDate.from(text);
const dayLength = (day: string, timeZone: string) => periodInstants(parsePeriod("day", day)!, timeZone)!;
const hours = ({ start, end }: { start: number; end: number }) => (end - start) / HOUR;

describe("local days and their instants", () => {
  it.each([
    ["Europe/London", "2026-03-29", 23],
    ["Europe/London", "2026-10-25", 25],
    ["Europe/London", "2026-06-15", 24],
    ["America/New_York", "2026-03-08", 23],
    ["America/New_York", "2026-11-01", 25],
    ["Pacific/Chatham", "2026-09-27", 23],
    ["Pacific/Chatham", "2026-04-05", 25],
    ["Asia/Kolkata", "2026-03-29", 24],
    ["Asia/Kolkata", "2026-10-25", 24],
  ])("in %s, %s lasts %i hours", (timeZone, day, length) => {
    expect(hours(dayLength(day, timeZone))).toBe(length);
  });

  it("starts Chatham days at +12:45 in winter and +13:45 in summer", () => {
    expect(startOfDay("2026-07-01", "Pacific/Chatham")).toBe(Date.UTC(2026, 5, 30, 11, 15));
    expect(startOfDay("2026-01-15", "Pacific/Chatham")).toBe(Date.UTC(2026, 0, 14, 10, 15));
    expect(startOfDay("2026-01-15", "Asia/Kolkata")).toBe(Date.UTC(2026, 0, 14, 18, 30));
  });

  it("starts a day whose midnight is skipped at its first real instant", () => {
    // São Paulo sprang from 00:00 -03:00 to 01:00 -02:00 on 2018-11-04.
    const start = startOfDay("2018-11-04", "America/Sao_Paulo");
    expect(start).toBe(Date.UTC(2018, 10, 4, 3));
    expect(localDateOf(start - 1, "America/Sao_Paulo")).toBe("2018-11-03");
    expect(hours(dayLength("2018-11-04", "America/Sao_Paulo"))).toBe(23);
  });

  it("puts instants on either side of local midnight and of DST changes on the right day", () => {
    expect(localDateOf(Date.UTC(2026, 9, 24, 23, 30), "Europe/London")).toBe("2026-10-25"); // 00:30 BST
    expect(localDateOf(Date.UTC(2026, 9, 25, 23, 30), "Europe/London")).toBe("2026-10-25"); // 23:30 GMT
    expect(localDateOf(Date.UTC(2026, 10, 1, 4), "America/New_York")).toBe("2026-11-01"); // 00:00 EDT
    expect(localDateOf(Date.UTC(2026, 10, 1, 4) - 1, "America/New_York")).toBe("2026-10-31");
    expect(localDateOf(Date.UTC(2026, 11, 31, 10, 15), "Pacific/Chatham")).toBe("2027-01-01"); // 00:00 +13:45
    expect(localDateOf(Date.UTC(2026, 11, 31, 10, 15) - 1, "Pacific/Chatham")).toBe("2026-12-31");
    expect(localDateOf(Date.UTC(2026, 11, 31, 18, 29), "Asia/Kolkata")).toBe("2026-12-31");
    expect(localDateOf(Date.UTC(2026, 11, 31, 18, 30), "Asia/Kolkata")).toBe("2027-01-01");
  });

  it("asked in time order, follows a day whose clocks fall back across its midnight", () => {
    // St John's fell back at 00:01 NDT on 2010-11-07 to 23:01 NST of the 6th: an hour of the 6th again.
    const at = (iso: string) => localDateOf(Date.parse(iso), "America/St_Johns");
    expect(at("2010-11-07T02:30:30Z")).toBe("2010-11-07"); // 00:00:30 NDT
    expect(at("2010-11-07T02:45:00Z")).toBe("2010-11-06"); // 23:15 NST
    expect(at("2010-11-07T03:31:00Z")).toBe("2010-11-07"); // 00:01 NST
    expect(at("2010-11-07T12:00:00Z")).toBe("2010-11-07");
    expect(at("2010-11-07T03:00:00Z")).toBe("2010-11-06"); // 23:30 NST, asked again after the day was seen
  });

  it("answers at the ends of the calendar Temporal knows", () => {
    expect(localDateOf(-8.64e15, "Asia/Tokyo")).toBe(
      Temporal.Instant.fromEpochMilliseconds(-8.64e15).toZonedDateTimeISO("Asia/Tokyo").toPlainDate().toString(),
    );
    expect(localDateOf(8.64e15, "UTC")).toBe("+275760-09-13");
  });

  it.each(["Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])("localDater agrees with Intl in %s, DST changes included", (timeZone) => {
    const dayOf = localDater(timeZone);
    const around = [
      Date.UTC(2026, 2, 8, 7),
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 3, 4, 14),
      Date.UTC(2026, 8, 26, 14),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(2026, 10, 1, 6),
    ];
    const instant = fc.tuple(fc.constantFrom(...around), fc.integer({ min: -30 * HOUR, max: 30 * HOUR })).map(([a, d]) => a + d);
    fc.assert(
      fc.property(instant, (ms) => {
        expect(dayOf(ms)).toBe(localDay(ms, timeZone));
      }),
      { numRuns: 300 },
    );
    // Every minute of a day with a change, asked in order and then again from the cache.
    for (const pass of [1, 2]) {
      for (let ms = Date.UTC(2026, 9, 24, 12); ms < Date.UTC(2026, 9, 26, 12); ms += 7 * 60_000) {
        expect(dayOf(ms), `pass ${pass}`).toBe(localDay(ms, timeZone));
      }
    }
  });

  it("localDater asks the zone rules within a quarter hour that holds a change", () => {
    // Kolkata went from +5:53:20 to +5:21:10 at local midnight, 1869-12-31T18:06:40Z: back to 23:27:50.
    const dayOf = localDater("Asia/Kolkata");
    for (let ms = Date.UTC(1869, 11, 31, 17, 45); ms < Date.UTC(1869, 11, 31, 19); ms += 10_000) {
      expect(dayOf(ms)).toBe(localDay(ms, "Asia/Kolkata"));
    }
    expect(dayOf(Date.UTC(1869, 11, 31, 18, 10))).toBe("1869-12-31");
  });

  it("spans a week with a DST change by its real length", () => {
    expect(hours(periodInstants(parsePeriod("week", "2026-W13")!, "Europe/London")!)).toBe(167);
    expect(hours(periodInstants(parsePeriod("week", "2026-W43")!, "Europe/London")!)).toBe(169);
    expect(periodInstants(parsePeriod("all", "all")!, "Europe/London")).toBeNull();
  });
});

describe("labels", () => {
  it.each([
    ["2026-12-31", "2026-W53"],
    ["2027-01-03", "2026-W53"],
    ["2027-01-04", "2027-W01"],
    ["2024-12-30", "2025-W01"],
    ["2026-01-01", "2026-W01"],
    ["2021-01-03", "2020-W53"],
  ])("puts %s in ISO week %s", (day, week) => {
    expect(labelOf("week", date(day))).toBe(week);
  });

  it("labels days, months, quarters and all", () => {
    expect(labelsOfDay("2027-01-03")).toEqual({ day: "2027-01-03", week: "2026-W53", month: "2027-01", quarter: "2027-Q1", all: "all" });
    expect(labelOf("quarter", date("2026-09-30"))).toBe("2026-Q3");
    expect(labelOf("quarter", date("2026-10-01"))).toBe("2026-Q4");
  });

  it("bounds periods by their first day and the first day after them", () => {
    expect(periodOf("week", date("2027-01-01"))).toEqual({ kind: "week", label: "2026-W53", firstDay: "2026-12-28", endDay: "2027-01-04" });
    expect(periodOf("month", date("2028-02-10"))).toEqual({ kind: "month", label: "2028-02", firstDay: "2028-02-01", endDay: "2028-03-01" });
    expect(periodOf("quarter", date("2026-11-30"))).toEqual({ kind: "quarter", label: "2026-Q4", firstDay: "2026-10-01", endDay: "2027-01-01" });
    expect(periodOf("day", date("2026-12-31"))).toEqual({ kind: "day", label: "2026-12-31", firstDay: "2026-12-31", endDay: "2027-01-01" });
    expect(periodOf("all", date("2026-12-31"))).toEqual({ kind: "all", label: "all", firstDay: null, endDay: null });
  });
});

describe("parsePeriod", () => {
  it("reads labels of every kind", () => {
    expect(parsePeriod("week", "2026-W53")).toEqual({ kind: "week", label: "2026-W53", firstDay: "2026-12-28", endDay: "2027-01-04" });
    expect(parsePeriod("week", "2027-W01")?.firstDay).toBe("2027-01-04");
    expect(parsePeriod("week", "2025-W01")?.firstDay).toBe("2024-12-30");
    expect(parsePeriod("month", "2026-12")).toEqual({ kind: "month", label: "2026-12", firstDay: "2026-12-01", endDay: "2027-01-01" });
    expect(parsePeriod("quarter", "2027-Q1")).toEqual({ kind: "quarter", label: "2027-Q1", firstDay: "2027-01-01", endDay: "2027-04-01" });
    expect(parsePeriod("day", "2028-02-29")?.endDay).toBe("2028-03-01");
    expect(parsePeriod("all", "all")?.label).toBe("all");
  });

  it("reads a local date as the period of the kind that holds it", () => {
    expect(parsePeriod("week", "2027-01-03")?.label).toBe("2026-W53");
    expect(parsePeriod("month", "2027-01-03")?.label).toBe("2027-01");
    expect(parsePeriod("quarter", "2026-12-31")?.label).toBe("2026-Q4");
    expect(parsePeriod("all", "2026-12-31")?.label).toBe("all");
  });

  it.each([
    ["week", "2027-W53"],
    ["week", "2026-W54"],
    ["week", "2026-W00"],
    ["week", "2026-W1"],
    ["week", "2026-w05"],
    ["month", "2026-13"],
    ["month", "2026-00"],
    ["month", "2026-1"],
    ["quarter", "2026-Q5"],
    ["quarter", "2026-Q0"],
    ["day", "2026-02-29"],
    ["day", "2026-04-31"],
    ["day", "2026-W05"],
    ["month", "2026-Q1"],
    ["quarter", "2026-03"],
    ["week", "2026-03"],
    ["all", "everything"],
    ["month", ""],
    // A day outside 0001-01-01..9999-12-31: labels of years 0000 and 10000 are not four digits.
    ["day", "0000-12-31"],
    ["week", "0000-01-01"],
    ["week", "0000-W01"],
    ["week", "0000-W52"],
    ["month", "0000-12"],
    ["quarter", "0000-Q4"],
    ["week", "9999-W52"],
    ["week", "9999-12-31"],
  ] as const)("refuses a %s at %j", (kind, at) => {
    expect(parsePeriod(kind, at)).toBeNull();
  });

  it("reads the first and last periods of years 0001–9999", () => {
    expect(parsePeriod("week", "0001-W01")).toEqual({ kind: "week", label: "0001-W01", firstDay: "0001-01-01", endDay: "0001-01-08" });
    expect(parsePeriod("day", "0001-01-01")?.label).toBe("0001-01-01");
    expect(parsePeriod("quarter", "9999-Q4")?.firstDay).toBe("9999-10-01");
    expect(parsePeriod("week", "9999-W51")?.label).toBe("9999-W51");
    expect(parsePeriod("day", "9999-12-31")?.label).toBe("9999-12-31");
  });

  it("round-trips the label of every period", () => {
    const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => date("2025-01-01").add({ days: n }));
    const kind = fc.constantFrom("day" as const, "week" as const, "month" as const, "quarter" as const);
    fc.assert(
      fc.property(day, kind, (d, k) => {
        const period = periodOf(k, d);
        expect(parsePeriod(k, period.label)).toEqual(period);
        expect(period.firstDay! <= d.toString() && d.toString() < period.endDay!).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("dates and zones", () => {
  it("reads only real calendar dates", () => {
    expect(parseLocalDate("2028-02-29")?.toString()).toBe("2028-02-29");
    for (const bad of ["2027-02-29", "2026-1-01", "2026-01-32", "26-01-01", "2026-01-01T00:00", ""]) expect(parseLocalDate(bad)).toBeNull();
  });

  it("knows IANA zones", () => {
    expect(isTimeZone("Pacific/Chatham")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

describe("asOfDay", () => {
  it("is the last day of an ended period, else today", () => {
    const w53 = parsePeriod("week", "2026-W53")!; // 2026-12-28 to 2027-01-03
    expect(asOfDay(w53, "2027-01-04")).toBe("2027-01-03");
    expect(asOfDay(w53, "2027-01-03")).toBe("2027-01-03");
    expect(asOfDay(w53, "2026-12-30")).toBe("2026-12-30");
    expect(asOfDay(w53, "2026-06-01")).toBe("2026-06-01"); // not begun
    expect(asOfDay(parsePeriod("month", "2028-02")!, "2028-03-10")).toBe("2028-02-29");
    expect(asOfDay(parsePeriod("all", "all")!, "2026-06-01")).toBe("2026-06-01");
    expect(asOfDay({ firstDay: "2026-10-19", endDay: "2026-10-26" }, "2027-01-01")).toBe("2026-10-25");
  });

  it("steps a day across month, year and leap-day ends", () => {
    expect(previousDay("2027-01-01")).toBe("2026-12-31");
    expect(previousDay("2028-03-01")).toBe("2028-02-29");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2027-02-28")).toBe("2027-03-01");
  });

  it("ranges over every day up to and including a day", () => {
    const through = daysThrough("2026-12-31");
    expect(through).toEqual({ firstDay: "0000-01-01", endDay: "2027-01-01" });
    expect(["0001-01-01", "2026-12-31", "2027-01-01"].map((d) => inPeriod(d, through))).toEqual([true, true, false]);
  });
});
