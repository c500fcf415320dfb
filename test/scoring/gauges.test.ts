import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GaugeEvent, changedUnits, dayReadings, gaugeFigures, readingAt, readingOrZero } from "../../scoring/gauges";
import { firstAffectedDay } from "./reference/gauges";
import { gaugeDailyUnits } from "./reference/gauges";
import { parsePeriod } from "../../scoring/periods";
import { type ScoredMetric, dayFigures, pointsByDay } from "../../scoring/score";
import { actualFromUnits } from "../../scoring/targets";
import { teamTargetActual } from "./reference/targets";
import { addDays, bounds, compareUtf8, localDay } from "./reference-calendar";

const HOUR = 3_600_000;
const LONDON = "Europe/London";

/** An event at an instant, on its London day. */
const at = (id: string, iso: string, valueH: number): GaugeEvent => {
  const occurredAt = Date.parse(iso);
  return { id, occurredAt, day: localDay(occurredAt, LONDON), valueH };
};

/** Units per day as a plain object, zero rows left out. */
const unitsOf = (events: GaugeEvent[]) =>
  Object.fromEntries(
    gaugeDailyUnits("followers", events)
      .filter((r) => r.unitsH !== 0)
      .map((r) => [r.day, r.unitsH]),
  );

// ---- The reference: §5.1 read literally, day by day, over all events each time. ----

/** R(d): the latest event by occurredAt (then the greater id, as UTF-8 bytes order it) of day ≤ d. */
function refReading(events: GaugeEvent[], d: string): number | null {
  const upTo = events.filter((e) => e.day <= d);
  if (upTo.length === 0) return null;
  const later = (a: GaugeEvent, b: GaugeEvent) => (b.occurredAt > a.occurredAt || (b.occurredAt === a.occurredAt && compareUtf8(b.id, a.id) > 0) ? b : a);
  return upTo.reduce(later).valueH;
}

/** Units of day d: 0 without a reading at the end of d − 1, else max(0, R(d) − max over e < d of R(e)). */
function refUnits(events: GaugeEvent[], d: string): number {
  if (refReading(events, addDays(d, -1)) === null) return 0;
  const first = events.map((e) => e.day).sort()[0];
  let highest = -Infinity;
  for (let e = first; e < d; e = addDays(e, 1)) highest = Math.max(highest, refReading(events, e) ?? -Infinity);
  return Math.max(0, refReading(events, d)! - highest);
}

const IDS = ["a", "b", "z", "é", "\uff21", "𝒜", "😀", "e1", "e10", "e2"];
const BASE = Date.UTC(2026, 9, 24, 12); // around London's 25-hour 2026-10-25

/** Events on a coarse grid (equal instants are common), days as London has them, ids unique. */
const eventsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.constantFrom(...IDS),
      occurredAt: fc.integer({ min: -40, max: 80 }).map((n) => BASE + n * 3 * HOUR),
      valueH: fc.constantFrom(0, 50, 100, 100, 150, 200, 1_000, 99_999),
    }),
    { maxLength: 12, selector: (e) => e.id },
  )
  .map((es) => es.map((e) => ({ ...e, day: localDay(e.occurredAt, LONDON) })));

describe("readings", () => {
  it("has no reading before the first event, then the latest event's value", () => {
    const events = [at("a", "2026-06-01T09:00:00Z", 10_000), at("b", "2026-06-01T17:00:00Z", 12_000), at("c", "2026-06-03T08:00:00Z", 9_000)];
    const readings = dayReadings(events.slice().reverse());
    expect(readings).toEqual([
      { day: "2026-06-01", readingH: 12_000 },
      { day: "2026-06-03", readingH: 9_000 },
    ]);
    expect(readingAt(readings, "2026-05-31")).toBeNull();
    expect(readingAt(readings, "2026-06-02")).toBe(12_000);
    expect(readingAt(readings, "2027-01-01")).toBe(9_000);
  });

  it("breaks equal instants by the greater id in code-point order, not UTF-16 order", () => {
    // U+1D49C is above U+FF21, though its first UTF-16 unit (U+D835) is below.
    const events = [at("𝒜", "2026-06-01T09:00:00Z", 500), at("\uff21", "2026-06-01T09:00:00Z", 700)];
    expect(readingAt(dayReadings(events), "2026-06-01")).toBe(500);
    expect(readingAt(dayReadings(events.reverse()), "2026-06-01")).toBe(500);
    expect(readingAt(dayReadings([at("z", "2026-06-01T09:00:00Z", 1), at("é", "2026-06-01T09:00:00Z", 2)]), "2026-06-01")).toBe(2);
  });

  it("puts an event on the local day of its instant across London's clock change", () => {
    // 2026-10-25T23:30Z is still the 25th in GMT; 2026-10-24T23:30Z is the 25th in BST.
    const events = [at("a", "2026-10-24T23:30:00Z", 100), at("b", "2026-10-25T23:30:00Z", 300), at("c", "2026-10-26T00:30:00Z", 600)];
    expect(dayReadings(events)).toEqual([
      { day: "2026-10-25", readingH: 300 },
      { day: "2026-10-26", readingH: 600 },
    ]);
  });
});

describe("gaugeDailyUnits", () => {
  it("takes the first reading as a baseline and rewards growth above the previous best", () => {
    const events = [at("a", "2026-06-01T09:00:00Z", 10_000), at("b", "2026-06-02T09:00:00Z", 10_500), at("c", "2026-06-04T09:00:00Z", 11_000)];
    expect(gaugeDailyUnits("followers", events)).toEqual([
      { metric: "followers", day: "2026-06-01", unitsH: 0 },
      { metric: "followers", day: "2026-06-02", unitsH: 500 },
      { metric: "followers", day: "2026-06-04", unitsH: 500 },
    ]);
  });

  it("earns nothing twice for a fall then a rise", () => {
    const events = [
      at("a", "2026-06-01T09:00:00Z", 10_000),
      at("b", "2026-06-02T09:00:00Z", 8_000), // a fall: 0
      at("c", "2026-06-03T09:00:00Z", 10_000), // back to the best: 0
      at("d", "2026-06-04T09:00:00Z", 12_000), // 20 above the best
      at("e", "2026-06-05T09:00:00Z", 9_000),
      at("f", "2026-06-06T09:00:00Z", 12_500), // 5 above the best of 120
    ];
    expect(unitsOf(events)).toEqual({ "2026-06-04": 2_000, "2026-06-06": 500 });
  });

  it("counts the day's last reading, not its peak", () => {
    const events = [at("a", "2026-06-01T09:00:00Z", 100), at("b", "2026-06-02T09:00:00Z", 900), at("c", "2026-06-02T10:00:00Z", 300)];
    expect(unitsOf(events)).toEqual({ "2026-06-02": 200 });
  });

  it("lets a late event change the units of later days, and only those", () => {
    const stored = [at("a", "2026-06-01T09:00:00Z", 100), at("b", "2026-06-03T09:00:00Z", 150), at("c", "2026-06-05T09:00:00Z", 260)];
    const late = [at("d", "2026-06-02T09:00:00Z", 200)];
    expect(unitsOf(stored)).toEqual({ "2026-06-03": 50, "2026-06-05": 110 });
    const all = [...stored, ...late];
    expect(unitsOf(all)).toEqual({ "2026-06-02": 100, "2026-06-05": 60 });
    expect(firstAffectedDay(late)).toBe("2026-06-02");
    expect(changedUnits(gaugeDailyUnits("followers", stored), gaugeDailyUnits("followers", all))).toEqual([
      { metric: "followers", day: "2026-06-02", unitsH: 100 },
      { metric: "followers", day: "2026-06-03", unitsH: 0 },
      { metric: "followers", day: "2026-06-05", unitsH: 60 },
    ]);
  });

  it("ignores a late event that is earlier than the day's last reading", () => {
    const stored = [at("a", "2026-06-01T09:00:00Z", 100), at("b", "2026-06-02T18:00:00Z", 150)];
    const all = [...stored, at("c", "2026-06-02T08:00:00Z", 900)];
    expect(changedUnits(gaugeDailyUnits("followers", stored), gaugeDailyUnits("followers", all))).toEqual([]);
  });

  it("reports a row that is gone as 0 units, and none for an empty change", () => {
    expect(
      changedUnits(
        [
          { metric: "m", day: "2026-06-02", unitsH: 5 },
          { metric: "m", day: "2026-06-03", unitsH: 0 },
        ],
        [],
      ),
    ).toEqual([{ metric: "m", day: "2026-06-02", unitsH: 0 }]);
    expect(firstAffectedDay([])).toBeNull();
  });

  it("flows through caps and weights like any metric's units", () => {
    const metric: ScoredMetric = { key: "followers", indicator: "lead", versions: [{ effectiveFrom: "2026-01-01", pointsH: 200, dailyCapH: 500 }] };
    const daily = gaugeDailyUnits("followers", [at("a", "2026-06-01T09:00:00Z", 0), at("b", "2026-06-02T09:00:00Z", 700)]);
    expect(dayFigures(metric, "2026-06-02", daily[1].unitsH)).toEqual({ unitsH: 700, cappedH: 500, points: 100_000 });
    expect([...pointsByDay([metric], daily)]).toEqual([
      ["2026-06-01", 0],
      ["2026-06-02", 100_000],
    ]);
  });

  it("earns points as capped growth times the weight of the day, as the reference counts them", () => {
    const arb = fc.record({
      events: eventsArb,
      capH: fc.option(fc.constantFrom(1, 50, 100), { nil: null }),
      pointsH: fc.constantFrom(0, 25, 100, 333),
      from: fc.integer({ min: -8, max: 8 }).map((n) => addDays("2026-10-25", n)),
    });
    fc.assert(
      fc.property(arb, ({ events, capH, pointsH, from }) => {
        // Two versions: the second, from `from` on, doubles the points and drops the cap.
        const metric: ScoredMetric = {
          key: "m",
          indicator: "lead",
          versions: [
            { effectiveFrom: "2026-01-01", pointsH, dailyCapH: capH },
            { effectiveFrom: from, pointsH: 2 * pointsH, dailyCapH: null },
          ],
        };
        const got = pointsByDay([metric], gaugeDailyUnits("m", events));
        for (const day of new Set(events.map((e) => e.day))) {
          const units = refUnits(events, day);
          const expected = day < from ? Math.min(units, capH ?? units) * pointsH : units * 2 * pointsH;
          expect(got.get(day)).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with the reference on every day, whatever order the events come in", () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const shuffled = [...events].reverse();
        const rows = new Map(gaugeDailyUnits("m", shuffled).map((r) => [r.day, r.unitsH]));
        const days = events.map((e) => e.day).sort();
        for (let d = addDays(days[0] ?? "2026-10-25", -1); d <= addDays(days.at(-1) ?? "2026-10-25", 2); d = addDays(d, 1)) {
          expect(rows.get(d) ?? 0).toBe(refUnits(events, d));
          expect(readingAt(dayReadings(shuffled), d)).toBe(refReading(events, d));
          expect(rows.has(d)).toBe(events.some((e) => e.day === d));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("holds by the letter where stored days disagree with the instants", () => {
    const arb = eventsArb.chain((es) =>
      fc.tuple(...es.map(() => fc.integer({ min: -2, max: 2 }))).map((shifts) => es.map((e, i) => ({ ...e, day: addDays(e.day, shifts[i]) }))),
    );
    fc.assert(
      fc.property(arb, (events) => {
        const rows = new Map(gaugeDailyUnits("m", events).map((r) => [r.day, r.unitsH]));
        for (const day of new Set(events.map((e) => e.day))) {
          expect(rows.get(day)).toBe(refUnits(events, day));
          expect(readingAt(dayReadings(events), day)).toBe(refReading(events, day));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("after late events, keeps every day before the first affected one and turns old rows into new", () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), (events, cut) => {
        const stored = events.slice(0, cut % (events.length + 1));
        const late = events.slice(stored.length);
        const before = gaugeDailyUnits("m", stored);
        const after = gaugeDailyUnits("m", events);
        const from = firstAffectedDay(late);
        const nonZero = (rows: { day: string; unitsH: number }[]) => new Map(rows.filter((r) => r.unitsH !== 0).map((r) => [r.day, r.unitsH]));
        const changes = changedUnits(before, after);
        const patched = nonZero(before);
        for (const c of changes) {
          expect(from !== null && c.day >= from).toBe(true);
          if (c.unitsH === 0) patched.delete(c.day);
          else patched.set(c.day, c.unitsH);
        }
        expect(patched).toEqual(nonZero(after));
      }),
      { numRuns: 300 },
    );
  });
});

describe("gaugeFigures and readingOrZero", () => {
  const events = [at("a", "2026-06-01T09:00:00Z", 10_000), at("b", "2026-06-09T09:00:00Z", 10_500), at("c", "2026-06-16T09:00:00Z", 9_000)];
  const readings = dayReadings(events);
  const week = (label: string) => parsePeriod("week", label)!;

  it("reads at the period's last day once it has ended, and at today before", () => {
    // 2026-W24 is 2026-06-08 to 2026-06-14; before it, the reading of 2026-06-01.
    expect(gaugeFigures(readings, week("2026-W24"), "2026-06-20")).toEqual({ readingH: 10_500, changeH: 500 });
    expect(gaugeFigures(readings, week("2026-W24"), "2026-06-08")).toEqual({ readingH: 10_000, changeH: 0 });
    expect(gaugeFigures(readings, week("2026-W25"), "2026-06-20")).toEqual({ readingH: 9_000, changeH: -1_500 });
    expect(gaugeFigures(readings, week("2026-W30"), "2026-06-20")).toEqual({ readingH: 9_000, changeH: 0 });
  });

  it("has no reading before the first event, no change without one before the period, none for all", () => {
    expect(gaugeFigures(readings, week("2026-W21"), "2026-06-20")).toEqual({ readingH: null, changeH: null });
    expect(gaugeFigures(readings, week("2026-W23"), "2026-06-20")).toEqual({ readingH: 10_000, changeH: null });
    expect(gaugeFigures(readings, parsePeriod("all", "all")!, "2026-06-20")).toEqual({ readingH: 9_000, changeH: null });
    expect(gaugeFigures([], parsePeriod("all", "all")!, "2026-06-20")).toEqual({ readingH: null, changeH: null });
  });

  it("gives boards and targets the reading, or 0 where there is none", () => {
    expect(readingOrZero(readings, parsePeriod("month", "2026-06")!, "2026-06-12")).toBe(10_500);
    expect(readingOrZero(readings, parsePeriod("month", "2026-05")!, "2026-06-12")).toBe(0);
    // A team's actual is the sum of its members' readings.
    const members = [readingOrZero(readings, week("2026-W24"), "2026-06-12"), 0, 250].map(actualFromUnits);
    expect(teamTargetActual(members, "followers", "mean")).toBe(1_075_000);
  });

  it("agrees with the reference for periods of every kind", () => {
    const kinds = ["day", "week", "month", "quarter", "all"] as const;
    const arb = fc.record({
      events: eventsArb,
      kind: fc.constantFrom(...kinds),
      at: fc.integer({ min: -12, max: 14 }).map((n) => addDays("2026-10-25", n)),
      today: fc.integer({ min: -12, max: 14 }).map((n) => addDays("2026-10-25", n)),
    });
    fc.assert(
      fc.property(arb, ({ events, kind, at: day, today }) => {
        const period = parsePeriod(kind, day)!;
        const got = gaugeFigures(dayReadings(events), period, today);
        if (kind === "all") {
          expect(got).toEqual({ readingH: refReading(events, today), changeH: null });
          return;
        }
        const { first, end } = bounds(kind, day);
        const last = addDays(end, -1);
        // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as strings
        const reading = refReading(events, last < today ? last : today);
        const before = refReading(events, addDays(first, -1));
        expect(got).toEqual({ readingH: reading, changeH: reading === null || before === null ? null : reading - before });
        expect(readingOrZero(dayReadings(events), period, today)).toBe(reading ?? 0);
      }),
      { numRuns: 300 },
    );
  });
});
