/** The period a read names with `period` and `at` (SPEC §2.7), with its instants for the answer. */
import { formatInstant } from "../scoring/instants";
import { type DayRange, type Period, type PeriodKind, localDateOf, parseLocalDate, parsePeriod, periodInstants, periodOf } from "../scoring/periods";
import { invalid } from "./errors";

/** The period of `kind` named by `at`, or the one holding today in the zone. */
export function resolvePeriod(kind: PeriodKind, at: string | undefined, timeZone: string, now: number): Period {
  if (at === undefined) return periodOf(kind, parseLocalDate(localDateOf(now, timeZone))!);
  const period = parsePeriod(kind, at);
  if (!period) throw invalid([{ path: "at", message: `must be a ${kind} label or a date YYYY-MM-DD inside one, from 0001-01-01 to 9999-12-31` }]);
  // Its start and end must be RFC 3339 instants, four-digit years: not so for the last days of
  // year 9999 in a zone at or west of UTC, whose end is in year 10000.
  const instants = periodInstants(period, timeZone);
  if (instants && !(fourDigitYear(instants.start) && fourDigitYear(instants.end))) {
    throw invalid([{ path: "at", message: `must name a ${kind} that ends before year 10000 in ${timeZone}` }]);
  }
  return period;
}

const fourDigitYear = (ms: number) => /^\d{4}-/.test(formatInstant(ms));

/** `{kind, label, start, end}` as answers carry it; `all` has neither start nor end. */
export function describePeriod(period: DayRange & { kind: string; label: string }, timeZone: string) {
  const instants = periodInstants(period, timeZone);
  return {
    kind: period.kind,
    label: period.label,
    start: instants ? formatInstant(instants.start) : null,
    end: instants ? formatInstant(instants.end) : null,
  };
}
