/** The period a read names with `period` and `at` (SPEC §2.7), with its instants for the answer. */
import { formatInstant } from "../scoring/instants";
import { type DayRange, type Period, type PeriodKind, localDateOf, parseLocalDate, parsePeriod, periodInstants, periodOf } from "../scoring/periods";
import { invalid } from "./errors";

/** The period of `kind` named by `at`, or the one holding today in the zone. */
export function resolvePeriod(kind: PeriodKind, at: string | undefined, timeZone: string, now: number): Period {
  if (at === undefined) return periodOf(kind, parseLocalDate(localDateOf(now, timeZone))!);
  const period = parsePeriod(kind, at);
  if (!period) throw invalid([{ path: "at", message: `must be a ${kind} label or a date YYYY-MM-DD inside one` }]);
  return period;
}

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
