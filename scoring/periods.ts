/**
 * Calendar periods in a program's time zone (SPEC §2.7): day, ISO week, month, quarter and all.
 * Labels are computed from local calendar dates; instants from the zone's own rules, so days that
 * are 23 or 25 hours long and zones with half- and quarter-hour offsets come out right.
 */
import { Temporal } from "temporal-polyfill";
import { memoize } from "./memo.ts";

/** Before every local date: the open start of an all-time range (and of weight versions, weights.ts). */
export const FIRST_DAY = "0000-01-01";

export const PERIOD_KINDS = ["day", "week", "month", "quarter", "all"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A period: its kind, label, first local date and the first local date after it (null for all). */
export interface Period {
  kind: PeriodKind;
  label: string;
  firstDay: string | null;
  endDay: string | null;
}

/**
 * The local days of a period, whatever its kind: [firstDay, endDay), or every day where both are
 * null. Functions that read only the days take this, so a contest (scoring/contests.ts) fits too.
 */
export type DayRange = Pick<Period, "firstDay" | "endDay">;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Parses a local date `YYYY-MM-DD`, or null when it is not a real calendar date. */
export function parseLocalDate(text: string): Temporal.PlainDate | null {
  const m = DAY.exec(text);
  if (!m) return null;
  try {
    return Temporal.PlainDate.from({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { overflow: "reject" });
  } catch {
    return null;
  }
}

/** The label of the period of `kind` that contains the local date. */
export function labelOf(kind: PeriodKind, date: Temporal.PlainDate): string {
  switch (kind) {
    case "day":
      return date.toString();
    case "week":
      return `${pad(date.yearOfWeek!, 4)}-W${pad(date.weekOfYear!)}`;
    case "month":
      return `${pad(date.year, 4)}-${pad(date.month)}`;
    case "quarter":
      return `${pad(date.year, 4)}-Q${Math.ceil(date.month / 3)}`;
    case "all":
      return "all";
  }
}

/** The period of `kind` that contains the local date. */
export function periodOf(kind: PeriodKind, date: Temporal.PlainDate): Period {
  const label = labelOf(kind, date);
  switch (kind) {
    case "day":
      return { kind, label, firstDay: date.toString(), endDay: date.add({ days: 1 }).toString() };
    case "week": {
      const first = date.subtract({ days: date.dayOfWeek - 1 });
      return { kind, label, firstDay: first.toString(), endDay: first.add({ days: 7 }).toString() };
    }
    case "month": {
      const first = date.with({ day: 1 });
      return { kind, label, firstDay: first.toString(), endDay: first.add({ months: 1 }).toString() };
    }
    case "quarter": {
      const first = date.with({ month: 3 * (Math.ceil(date.month / 3) - 1) + 1, day: 1 });
      return { kind, label, firstDay: first.toString(), endDay: first.add({ months: 3 }).toString() };
    }
    case "all":
      return { kind, label, firstDay: null, endDay: null };
  }
}

/**
 * Whether a local date is one a program's days may be: 0001-01-01..9999-12-31, whose week, month
 * and quarter labels have four-digit years (instants.ts keeps events inside).
 */
export const isProgramDate = (date: Temporal.PlainDate): boolean => date.year >= 1 && date.year <= 9999;

/**
 * The period of `kind` named by `at`: a label of that kind, or a local date inside it. Null when
 * `at` is neither, names a week that its ISO year does not have, or a period with a day outside
 * 0001-01-01..9999-12-31 (week 0001-W01 starts on 0001-01-01; 9999-W52 ends in year 10000).
 */
export const parsePeriod = memoize(
  (kind: PeriodKind, at: string): Period | null => {
    // Shared by every caller from here on: frozen.
    const period = namedPeriod(kind, at);
    if (period) Object.freeze(period);
    if (!period || period.firstDay === null || period.endDay === null) return period;
    const first = Temporal.PlainDate.from(period.firstDay);
    const last = Temporal.PlainDate.from(period.endDay).subtract({ days: 1 });
    return isProgramDate(first) && isProgramDate(last) ? period : null;
  },
  (kind, at) => `${kind} ${at}`,
);

function namedPeriod(kind: PeriodKind, at: string): Period | null {
  if (kind === "all") return at === "all" || parseLocalDate(at) ? periodOf("all", Temporal.PlainDate.from("2000-01-01")) : null;
  const date = parseLocalDate(at);
  if (date) return periodOf(kind, date);
  let first: Temporal.PlainDate | null = null;
  let m: RegExpExecArray | null;
  if (kind === "week" && (m = WEEK.exec(at))) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    // ISO week 1 is the week holding 4 January.
    const jan4 = Temporal.PlainDate.from({ year, month: 1, day: 4 });
    first = jan4.subtract({ days: jan4.dayOfWeek - 1 }).add({ weeks: week - 1 });
    if (week < 1 || first.yearOfWeek !== year) return null;
  } else if (kind === "month" && (m = MONTH.exec(at))) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    first = Temporal.PlainDate.from({ year: Number(m[1]), month, day: 1 });
  } else if (kind === "quarter" && (m = QUARTER.exec(at))) {
    first = Temporal.PlainDate.from({ year: Number(m[1]), month: 3 * Number(m[2]) - 2, day: 1 });
  }
  return first ? periodOf(kind, first) : null;
}

/** The first instant (epoch ms) of a local date in the zone: usually midnight, later where midnight is skipped. */
export const startOfDay = memoize(
  (day: string, timeZone: string): number => Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).epochMilliseconds,
  (day, timeZone) => `${timeZone} ${day}`,
);

/** The period's first instant and the first instant after it, in epoch ms (null for all). */
export function periodInstants(period: DayRange, timeZone: string): { start: number; end: number } | null {
  if (!period.firstDay || !period.endDay) return null;
  return { start: startOfDay(period.firstDay, timeZone), end: startOfDay(period.endDay, timeZone) };
}

/** Whether the period is over in the zone at `now` (`all` never is). */
export function hasEnded(period: DayRange, timeZone: string, now: number): boolean {
  const instants = periodInstants(period, timeZone);
  return instants !== null && instants.end <= now;
}

/** The period of the same kind just before `period` (which is not `all`). */
export function periodBefore(period: Period): Period {
  return periodOf(period.kind, Temporal.PlainDate.from(previousDay(period.firstDay!)));
}

/** The period of the same kind just after `period` (which is not `all`). */
export function periodAfter(period: Period): Period {
  return periodOf(period.kind, Temporal.PlainDate.from(period.endDay!));
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== null;
}

/** The zone's name as the zone database spells it (`europe/london` → `Europe/London`), or null for no zone. */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    // Temporal also takes a UTC offset, or a date-time that carries a zone: neither is a zone name.
    const id = Temporal.Now.instant().toZonedDateTimeISO(timeZone).timeZoneId;
    return id.toLowerCase() === timeZone.toLowerCase() && !/^[+-]/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * The day a period's figures stand at (SPEC §5.1, 5.4, 5.5): its last day once it has ended, else
 * today. `all` never ends, and a period still to come stands at today as well.
 */
export function asOfDay(period: DayRange, today: string): string {
  if (period.endDay === null) return today;
  const last = previousDay(period.endDay);
  return last < today ? last : today;
}

/** The local date before `day`. */
export function previousDay(day: string): string {
  return Temporal.PlainDate.from(day).subtract({ days: 1 }).toString();
}

/** The local date after `day`. */
export function nextDay(day: string): string {
  return Temporal.PlainDate.from(day).add({ days: 1 }).toString();
}

/** Today's local date in the zone, as `YYYY-MM-DD`. */
export function localDateOf(epochMs: number, timeZone: string): string {
  // Callers ask about now: each zone's latest day is kept with its bounds, where every instant
  // between them is on that day. A day of 23 or 25 hours is not kept: where clocks fall back
  // across midnight, the day's first instants are followed by an hour of the day before.
  const known = latestDay.get(timeZone);
  if (known && epochMs >= known.start && epochMs < known.end) return known.date;
  const date = zonedDateOf(epochMs, timeZone);
  if (isProgramDate(Temporal.PlainDate.from(date))) {
    const start = startOfDay(date, timeZone);
    const end = startOfDay(nextDay(date), timeZone);
    if (end - start === DAY_MS) latestDay.set(timeZone, { date, start, end });
  }
  return date;
}

const latestDay = new Map<string, { date: string; start: number; end: number }>();

const zonedDateOf = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();

const SLOT_MS = 15 * 60 * 1000;
const DAY_MS = 86_400_000;

/**
 * A function giving the local date of an instant in one zone, fast for many instants: it remembers
 * the zone's offset per quarter hour, and asks the zone rules again only in a quarter hour whose
 * two ends have different offsets (one that holds a transition).
 */
export function localDater(timeZone: string): (epochMs: number) => string {
  const offsets = new Map<number, number | null>();
  const labels = new Map<number, string>();
  const offsetAt = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;
  return (epochMs) => {
    const slot = Math.floor(epochMs / SLOT_MS);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      const a = offsetAt(slot * SLOT_MS);
      const b = offsetAt(slot * SLOT_MS + SLOT_MS - 1);
      offset = a === b ? a : null;
      offsets.set(slot, offset);
    }
    if (offset === null) return zonedDateOf(epochMs, timeZone);
    // Days since the epoch, local: each day's label is formatted once.
    const dayNumber = Math.floor((epochMs + offset) / DAY_MS);
    let label = labels.get(dayNumber);
    if (label === undefined) labels.set(dayNumber, (label = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)));
    return label;
  };
}
