/** The tests' reference model moved out of scoring/periods.ts: only tests call it. */
import { Temporal } from "temporal-polyfill";
import { type PeriodKind, labelOf } from "../../../scoring/periods";

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
