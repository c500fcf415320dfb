/**
 * The scheduled jobs. Hourly: every program whose ISO week has ended in its own zone gets that
 * week's Power 100 (a program in Pacific/Auckland hours before one in America/Los_Angeles), and
 * any of the few weeks before it that has none yet.
 * Every run: webhook deliveries that are due are attempted.
 */
import { lt, sql } from "drizzle-orm";
import { type Period, periodInstants } from "../scoring/periods";
import type { Db } from "./context";
import { json } from "./db/client";
import { programs } from "./db/schema";
import { scoreWaitingEvents } from "./db/scoring";
import { generateReport, lastEndedWeek, previousWeek } from "./reports";
import { deliverDue } from "./webhooks/deliveries";

export const REPORT_CRON = "0 * * * *";

/**
 * How many ended weeks back the job looks for a missing report: a week missed while the job could
 * not run (an outage, a failing program) is published at the next run, oldest first.
 */
export const CATCH_UP_WEEKS = 4;

/** Generates each program's reports for its recently ended weeks, where none is stored yet; answers the programs reported. */
export async function publishEndedWeeks(db: Db, now: number): Promise<string[]> {
  // Reports read scores, and this job runs outside any request's scoring before reads (app.ts).
  await scoreWaitingEvents(db);
  const candidates = await db.select().from(programs).where(lt(programs.createdAt, now));
  const published: string[] = [];
  for (const program of candidates) {
    try {
      // A program created after a week ended has nothing to report for it.
      const weeks = endedWeeks(program.timeZone, now).filter((w) => program.createdAt < periodInstants(w, program.timeZone)!.end);
      if (weeks.length === 0) continue;
      const reported = await db.all<{ week: string }>(sql`
        SELECT week FROM weekly_reports
        WHERE program_id = ${program.id} AND week IN (SELECT value FROM json_each(${json(weeks.map((w) => w.label))}))`);
      const done = new Set(reported.map((r) => r.week));
      let storedAny = false;
      for (const week of weeks.filter((w) => !done.has(w.label))) {
        const { stored: storedNow } = await generateReport(db, program, week, now, false);
        storedAny ||= storedNow;
      }
      if (storedAny) published.push(program.slug);
    } catch (error) {
      // One program that fails must not hold back every program after it; the next run tries it again.
      console.error(`weekly report of ${program.slug} failed`, error);
    }
  }
  return published;
}

/** The last CATCH_UP_WEEKS weeks that have ended in the zone at `now`, oldest first. */
function endedWeeks(timeZone: string, now: number): Period[] {
  const weeks = [lastEndedWeek(timeZone, now)];
  while (weeks.length < CATCH_UP_WEEKS) weeks.unshift(previousWeek(weeks[0]));
  return weeks;
}

export async function runScheduled(db: Db, cron: string, now: number): Promise<void> {
  if (cron === REPORT_CRON) await publishEndedWeeks(db, now);
  await deliverDue(db, now);
}
