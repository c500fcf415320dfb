/**
 * The scheduled jobs. Hourly: every program's engine publishes the Power 100 of each recently
 * ended week (in the program's own zone) that has none yet, and new reports are announced to the
 * program's webhooks, with the managers' digest of what changed in those weeks; then contests that
 * ended and badges newly earned (webhooks/game-news.ts). Every run: webhook deliveries that are due
 * are attempted.
 */
import type { Db } from "./db/client";
import { programsCreatedBefore } from "./db/programs";
import { engineOf } from "./engine/client";
import { unwrap } from "./engine/outcome";
import { announceInsights, announceReports } from "./webhooks/announce";
import { deliverDue } from "./webhooks/deliveries";
import { announceGameNews } from "./webhooks/game-news";

/** The two schedules of wrangler.toml's [triggers]: hourly reports and news, and deliveries every five minutes. */
export const REPORT_CRON = "0 * * * *";
export const DELIVERY_CRON = "*/5 * * * *";

/** Answers the slugs of the programs that stored a report now. */
export async function publishEndedWeeks(env: Env, db: Db, now: number): Promise<string[]> {
  const candidates = await programsCreatedBefore(db, now);
  const published: string[] = [];
  for (const program of candidates) {
    try {
      const reports = await unwrap(engineOf(env, program.id).publishEndedWeeks(now, program.createdAt));
      if (reports.length === 0) continue;
      await announceReports(db, program, reports, now);
      await announceInsights(
        env,
        db,
        program,
        reports.map((r) => r.week),
        now,
      );
      published.push(program.slug);
    } catch (error) {
      // One program that fails must not hold back every program after it; the next run tries it again.
      console.error(`weekly report of ${program.slug} failed`, error);
    }
  }
  return published;
}

export async function runScheduled(env: Env, db: Db, cron: string, now: number): Promise<void> {
  if (cron === REPORT_CRON) {
    await publishEndedWeeks(env, db, now);
    // After the reports: a report can earn a badge.
    await announceGameNews(env, db, now);
  }
  await deliverDue(db, now);
}
