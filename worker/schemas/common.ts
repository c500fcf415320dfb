/** Field schemas shared by the request bodies. */
import { z } from "zod";
import { toHundredths } from "../../scoring/decimal";
import { EARLIEST_INSTANT, LATEST_INSTANT, parseInstant, withinCalendar } from "../../scoring/instants";
import { isProgramDate, parseLocalDate } from "../../scoring/periods";
import { isWellFormed } from "../unicode";

export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Any text of a request: well-formed Unicode. A lone UTF-16 surrogate (JSON "\ud800") becomes
 * U+FFFD in D1's UTF-8, so two different ids would be stored as one: refused as invalid.
 */
export const text = () => z.string().refine(isWellFormed, "must be well-formed Unicode (no lone surrogate)");

export const slug = text().regex(SLUG, "must match ^[a-z0-9][a-z0-9-]{0,63}$");

/** Text of `min`–`max` characters (code points). */
export const characters = (min: number, max: number) =>
  text().refine((s) => {
    // A string of n UTF-16 units holds n/2 to n code points: count them only when that spans a bound.
    if (s.length <= max && Math.ceil(s.length / 2) >= min) return true;
    const length = [...s].length;
    return length >= min && length <= max;
  }, `must be ${min} to ${max} characters`);

/** Text of `min`–`max` characters, none of them control characters. */
export const printable = (min: number, max: number) =>
  characters(min, max).refine((s) => !/\p{Cc}/u.test(s), "must not contain control characters");

/** A name shown to people: trimmed, 1–200 characters. */
export const displayText = printable(1, 200).transform((s) => s.trim()).refine((s) => s.length > 0, "must not be blank");

/** A decimal with at most 2 places, as integer hundredths. */
export const hundredths = ({ positive }: { positive: boolean }) =>
  z
    .number()
    .refine((n) => (positive ? n > 0 : n >= 0), positive ? "must be greater than 0" : "must be at least 0")
    .refine((n) => toHundredths(n) !== null, "must have at most 2 decimal places and be at most 1000000000")
    .transform((n) => toHundredths(n)!);

export const localDate = z.string().refine((s) => {
  const date = parseLocalDate(s);
  return date !== null && isProgramDate(date);
}, "must be a date YYYY-MM-DD from 0001-01-01 to 9999-12-31");

const instantBounds = `${new Date(EARLIEST_INSTANT).toISOString()} to ${new Date(LATEST_INSTANT - 1).toISOString()}`;

/**
 * An RFC 3339 timestamp with `Z` or an offset, as epoch ms (read once: ingestion reads one per
 * event), at least a day inside years 0001–9999 (scoring/instants.ts: its local day is then a date
 * in every zone).
 */
export const instant = z.string().transform((s, ctx) => {
  const ms = parseInstant(s);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: "must be an RFC 3339 timestamp with Z or an offset" });
    return z.NEVER;
  }
  if (!withinCalendar(ms)) {
    ctx.addIssue({ code: "custom", message: `must be from ${instantBounds}` });
    return z.NEVER;
  }
  return ms;
});
