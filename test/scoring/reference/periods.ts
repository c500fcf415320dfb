/** The tests' reference models beside scoring/periods.ts: production never calls them. */
import { Temporal } from "temporal-polyfill";
import { type DayRange, FIRST_DAY, type PeriodKind, labelOf, nextDay } from "../../../scoring/periods";

/** The labels of every period kind that contains `day` (a local date `YYYY-MM-DD`). */
export function labelsOfDay(day: string): Record<PeriodKind, string> {
  const date = Temporal.PlainDate.from(day);
  return {
    day,
    week: labelOf("week", date),
    month: labelOf("month", date),
    quarter: labelOf("quarter", date),
    all: "all",
  };
}

/** Every day up to and including `day`: the all-time range as of a day (levels, `total` badges). */
export function daysThrough(day: string): DayRange {
  return { firstDay: FIRST_DAY, endDay: nextDay(day) };
}
