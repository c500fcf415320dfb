/**
 * A naive calendar for the reference: local dates from plain Intl.DateTimeFormat, period labels by
 * hand, period bounds by walking day by day and first instants by bisection. Nothing here uses
 * Temporal, so it checks scoring/periods.ts rather than repeating it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The local calendar date of an instant in the zone. */
export function localDay(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The zone's UTC offset at an instant, in minutes. */
export function offsetMinutes(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The date `n` days after a date, by UTC calendar arithmetic. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Monday = 1 … Sunday = 7. */
function weekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

const weekLabels = new Map<string, string>();

/** A period label from first principles: the ISO week is that of the week's Thursday. */
export function label(kind: "day" | "week" | "month" | "quarter" | "all", day: string): string {
  const [y, m] = day.split("-").map(Number);
  switch (kind) {
    case "day":
      return day;
    case "month":
      return day.slice(0, 7);
    case "quarter":
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case "all":
      return "all";
    case "week": {
      const known = weekLabels.get(day);
      if (known) return known;
      const thursday = addDays(day, 4 - weekday(day));
      const year = Number(thursday.slice(0, 4));
      let week = 1;
      while (label("day", addDays(thursday, -7 * week)).slice(0, 4) === String(year)) week++;
      const text = `${year}-W${pad(week)}`;
      weekLabels.set(day, text);
      return text;
    }
  }
}

/** The first day of the period of `kind` holding `day`, and the first day after it: by walking. */
export function bounds(kind: "day" | "week" | "month" | "quarter", day: string): { first: string; end: string } {
  const own = label(kind, day);
  let first = day;
  while (label(kind, addDays(first, -1)) === own) first = addDays(first, -1);
  let end = addDays(day, 1);
  while (label(kind, end) === own) end = addDays(end, 1);
  return { first, end };
}

const firstInstants = new Map<string, number>();

/** The first instant of a local date: the earliest instant whose local date is not before it. */
export function firstInstant(day: string, timeZone: string): number {
  const known = firstInstants.get(`${timeZone} ${day}`);
  if (known !== undefined) return known;
  const noonUtc = Date.parse(`${day}T12:00:00Z`);
  let lo = noonUtc - 40 * 3_600_000; // local date before `day` everywhere
  let hi = noonUtc + 14 * 3_600_000; // local date on or after `day` everywhere
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  firstInstants.set(`${timeZone} ${day}`, hi);
  return hi;
}

/** Instants in [from, to) where the zone's offset changes, each to the millisecond. */
export function transitions(timeZone: string, from: number, to: number): number[] {
  const step = 6 * 3_600_000;
  const found: number[] = [];
  for (let t = from; t + step <= to; t += step) {
    if (offsetMinutes(t, timeZone) === offsetMinutes(t + step, timeZone)) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMinutes(mid, timeZone) === offsetMinutes(lo, timeZone)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

/** Order of text as SQLite's BINARY collation has it: the bytes of its UTF-8. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** n / d for n ≥ 0, d > 0, rounded half up (= half away from zero here), by quotient and remainder. */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  return 2n * r >= d ? q + 1n : q;
}
