/** Announcing to the program's webhooks: newly stored Power 100 reports, the managers' weekly insights digest, contests that ended, badges earned. */
import type { Db } from "../db/client";
import type { BadgeEarned, ContestEnded } from "../engine/announcements";
import type { ProgramRow } from "../db/programs";
import { subscribersOf } from "../db/webhooks";
import { engineOf } from "../engine/client";
import { unwrap } from "../engine/outcome";
import type { WeeklyReport } from "../engine/reports";
import { enqueueDeliveries } from "./deliveries";

export async function announceReports(db: Db, program: ProgramRow, reports: WeeklyReport[], now: number): Promise<void> {
  for (const report of reports) await enqueueDeliveries(db, program, "report.published", report, now);
}

/** What changed for real in each of the weeks (insights.weekly); computed only where a webhook subscribes to it. */
export async function announceInsights(env: Env, db: Db, program: ProgramRow, weeks: string[], now: number): Promise<void> {
  if ((await subscribersOf(db, program.id, "insights.weekly")).length === 0) return;
  for (const week of weeks) {
    const digest = await unwrap(engineOf(env, program.id).weeklyChanges(week, now));
    await enqueueDeliveries(db, program, "insights.weekly", digest, now);
  }
}

/** Deliveries of badge.earned carry at most this many badges each, so a body stays small. */
export const BADGES_PER_DELIVERY = 50;

/** A contest's winners, one delivery per contest. */
export async function announceContests(db: Db, program: ProgramRow, news: ContestEnded[], now: number): Promise<void> {
  for (const contest of news) await enqueueDeliveries(db, program, "contest.ended", contest, now);
}

/** Badges newly earned, in deliveries of up to BADGES_PER_DELIVERY. */
export async function announceBadges(db: Db, program: ProgramRow, earned: BadgeEarned[], now: number): Promise<void> {
  for (let i = 0; i < earned.length; i += BADGES_PER_DELIVERY) {
    await enqueueDeliveries(db, program, "badge.earned", { earned: earned.slice(i, i + BADGES_PER_DELIVERY) }, now);
  }
}
