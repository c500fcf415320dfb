/**
 * Gauge metrics (SPEC §5.1): each event is a reading of a level at `occurredAt`. R(d), the reading
 * at the end of local day d, is the value of the latest event (by occurredAt, then the greater id
 * in code-point order) whose local day is ≤ d. A day's units are its growth above the best reading
 * before it, so a fall and a rise back earn nothing twice; they then go through caps and weights
 * (scoring/score.ts dayFigures) like any other metric's units.
 *
 * Everything here is per participant and metric. Values are integer hundredths.
 */
import { type DayRange, asOfDay, previousDay } from "./periods";
import { compareCodePoints } from "./ranking";
import type { DailyUnits } from "./score";

/** A stored event of a gauge metric: its id, instant (epoch ms), local day and value. */
export interface GaugeEvent {
  id: string;
  occurredAt: number;
  day: string;
  valueH: number;
}

/** R at the end of a day that holds at least one event. Between such days R does not change. */
export interface DayReading {
  day: string;
  readingH: number;
}

/** §5.1's order of readings: later occurredAt wins; at equal instants, the greater id. */
export function compareReadings(a: GaugeEvent, b: GaugeEvent): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return compareCodePoints(a.id, b.id);
}

/**
 * R at the end of each day that has events, in day order, from the events in any order. The
 * latest event so far is carried across days rather than taken per day, so the rule holds by its
 * letter even where a day's events are not all later than the days before (a stored day from an
 * earlier time zone of the program).
 */
export function dayReadings(events: Iterable<GaugeEvent>): DayReading[] {
  const latestOfDay = new Map<string, GaugeEvent>();
  for (const e of events) {
    const held = latestOfDay.get(e.day);
    if (!held || compareReadings(e, held) > 0) latestOfDay.set(e.day, e);
  }
  const days = [...latestOfDay.keys()].sort();
  const readings: DayReading[] = [];
  let latest: GaugeEvent | null = null;
  for (const day of days) {
    const e = latestOfDay.get(day)!;
    if (latest === null || compareReadings(e, latest) > 0) latest = e;
    readings.push({ day, readingH: latest.valueH });
  }
  return readings;
}

/** R at the end of `day`: the reading of the last reading day on or before it, or null (none yet). */
export function readingAt(readings: readonly DayReading[], day: string): number | null {
  // Binary search for the last reading day ≤ day.
  let lo = 0;
  let hi = readings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (readings[mid].day <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : readings[lo - 1].readingH;
}

/**
 * Daily units of the gauge from its day readings: a row for every reading day (units 0 included),
 * in day order. The first reading is a baseline (0); after it, max(0, R(d) − H) with H the highest
 * reading of the days before. Days without events earn 0 and get no row: their R is the previous
 * reading day's, which H already holds.
 */
export function unitsFromReadings(metric: string, readings: readonly DayReading[]): DailyUnits[] {
  const rows: DailyUnits[] = [];
  let highest: number | null = null;
  for (const { day, readingH } of readings) {
    rows.push({ metric, day, unitsH: highest === null ? 0 : Math.max(0, readingH - highest) });
    highest = highest === null ? readingH : Math.max(highest, readingH);
  }
  return rows;
}

/**
 * The rows to write so that rollups holding `before` hold `after`: every (metric, day) whose units
 * differ, with the units it should now have (0 for a day whose row is gone). A missing row counts
 * as 0 units, so rows of 0 units are never reported as changes on their own.
 */
export function changedUnits(before: Iterable<DailyUnits>, after: Iterable<DailyUnits>): DailyUnits[] {
  const key = (r: DailyUnits) => `${r.metric}\u0000${r.day}`;
  const old = new Map<string, DailyUnits>();
  for (const r of before) old.set(key(r), r);
  const changes: DailyUnits[] = [];
  for (const r of after) {
    const was = old.get(key(r));
    old.delete(key(r));
    if ((was?.unitsH ?? 0) !== r.unitsH) changes.push(r);
  }
  for (const r of old.values()) if (r.unitsH !== 0) changes.push({ ...r, unitsH: 0 });
  return changes.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : compareCodePoints(a.metric, b.metric)));
}

/** A gauge's extra `byMetric` figures, in hundredths: the reading and its change over the period. */
export interface GaugeFigures {
  readingH: number | null;
  changeH: number | null;
}

/**
 * `reading` is R at the end of the earlier of the period's last day and today; `change` is that
 * minus R at the end of the day before the period's first day. Null where missing; change is
 * always null for `all` (a period without a first day).
 */
export function gaugeFigures(readings: readonly DayReading[], period: DayRange, today: string): GaugeFigures {
  const readingH = readingAt(readings, asOfDay(period, today));
  if (readingH === null || period.firstDay === null) return { readingH, changeH: null };
  const before = readingAt(readings, previousDay(period.firstDay));
  return { readingH, changeH: before === null ? null : readingH - before };
}

/**
 * A gauge's figure on a metric board (SPEC §5.2), and a gauge target's actual (§5.1) for the
 * measured period, in hundredths: R at the end of the period's last day, or of today where the
 * period has not ended; 0 where there is no reading. For a target, pass it to actualFromUnits; a
 * team's actual is the sum of its members'.
 */
export function readingOrZero(readings: readonly DayReading[], period: DayRange, today: string): number {
  return readingAt(readings, asOfDay(period, today)) ?? 0;
}
