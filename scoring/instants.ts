/** RFC 3339 timestamps (with `Z` or an offset), read exactly and to the millisecond. */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant of an RFC 3339 timestamp in epoch ms, or null when the text is not one or names a
 * date or time that does not exist. Digits past the millisecond are dropped.
 */
export function parseInstant(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return utcMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/**
 * The instants a program may hold: from 0001-01-02T00:00:00Z up to, not including,
 * 9999-12-31T00:00:00Z. A day inside years 0001–9999 because a program's zone may move an instant
 * by up to a day (offsets are under 24 hours, the old local mean times included): the local day of
 * an instant in this range is a date 0001-01-01..9999-12-31 in every zone, so its week, month
 * and quarter have labels of four-digit years.
 */
export const EARLIEST_INSTANT = -62_135_510_400_000;
export const LATEST_INSTANT = 253_402_214_400_000;

/** Whether the instant (epoch ms) is one a program may hold (EARLIEST_INSTANT..LATEST_INSTANT). */
export const withinCalendar = (epochMs: number): boolean => epochMs >= EARLIEST_INSTANT && epochMs < LATEST_INSTANT;

/** An instant as RFC 3339 in UTC, e.g. `2026-11-23T09:00:00.000Z`. */
export const formatInstant = (epochMs: number): string => new Date(epochMs).toISOString();

/** Date.UTC, which reads years 0–99 as 1900–1999: those few take the slower, literal path. */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}
