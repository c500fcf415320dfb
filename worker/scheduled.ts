/**
 * The scheduled jobs. Hourly: every program whose ISO week has ended in its own zone gets that
 * week's Power 100 (a program in Pacific/Auckland hours before one in America/Los_Angeles).
 * Every run: webhook deliveries that are due are attempted.
 */
import { lt, sql } from "drizzle-orm";
import { periodInstants } from "../scoring/periods";
import type { Db } from "./context";
import { programs } from "./db/schema";
import { generateReport, lastEndedWeek } from "./reports";
import { deliverDue } from "./webhooks/deliveries";

export const REPORT_CRON = "0 * * * *";

/** Generates each program's report for its last ended week, where none is stored yet; answers the programs reported. */
export async function publishEndedWeeks(db: Db, now: number): Promise<string[]> {
  const candidates = await db.select().from(programs).where(lt(programs.createdAt, now));
  const published: string[] = [];
  for (const program of candidates) {
    try {
      const week = lastEndedWeek(program.timeZone, now);
      // A program created after the week ended has nothing to report for it.
      if (program.createdAt >= periodInstants(week, program.timeZone)!.end) continue;
      const stored = await db.get<{ one: number }>(
        sql`SELECT 1 AS one FROM weekly_reports WHERE program_id = ${program.id} AND week = ${week.label}`,
      );
      if (stored) continue;
      const { stored: storedNow } = await generateReport(db, program, week, now, false);
      if (storedNow) published.push(program.slug);
    } catch (error) {
      // One program that fails must not hold back every program after it; the next run tries it again.
      console.error(`weekly report of ${program.slug} failed`, error);
    }
  }
  return published;
}

export async function runScheduled(db: Db, cron: string, now: number): Promise<void> {
  if (cron === REPORT_CRON) await publishEndedWeeks(db, now);
  await deliverDue(db, now);
}
