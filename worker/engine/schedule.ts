/**
 * The hourly job's part in each engine: every recently ended week (in the program's own zone)
 * without a report gets one, oldest first, so a week missed while the job could not run is
 * published at the next run.
 */
import { type Period, periodBefore, periodInstants } from "../../scoring/periods";
import { generateReport, lastEndedWeek, type WeeklyReport } from "./reports";
import type { EngineState } from "./state";

/** How many ended weeks back the job looks for a missing report. */
export const CATCH_UP_WEEKS = 4;

/** Answers the reports stored now (for the program's webhooks). */
export function publishEndedWeeks(state: EngineState, now: number, createdAt: number): WeeklyReport[] {
  const tz = state.program.timezone;
  const weeks = [lastEndedWeek(tz, now)];
  while (weeks.length < CATCH_UP_WEEKS) weeks.unshift(periodBefore(weeks[0]));
  const done = new Set(state.storage.reports.weeks());
  // A program created after a week ended has nothing to report for it.
  const due = weeks.filter((w: Period) => !done.has(w.label) && createdAt < periodInstants(w, tz)!.end);
  return due.flatMap((week) => {
    const { report, stored } = generateReport(state, week, now, false);
    return stored ? [report] : [];
  });
}
