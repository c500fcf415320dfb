/** Announcing newly stored Power 100 reports, and the managers' weekly insights digest, to the program's webhooks. */
import { eq } from "drizzle-orm";
import type { Db } from "../context";
import type { ProgramRow } from "../db/programs";
import { webhooks } from "../db/schema";
import { engineOf } from "../engine/client";
import { unwrap } from "../engine/outcome";
import type { WeeklyReport } from "../engine/reports";
import { enqueueDeliveries } from "./deliveries";

export async function announceReports(db: Db, program: ProgramRow, reports: WeeklyReport[], now: number): Promise<void> {
  for (const report of reports) await enqueueDeliveries(db, program, "report.published", report, now);
}

/** What changed for real in each of the weeks (insights.weekly); computed only where a webhook subscribes to it. */
export async function announceInsights(env: Env, db: Db, program: ProgramRow, weeks: string[], now: number): Promise<void> {
  const hooks = await db.select({ events: webhooks.events }).from(webhooks).where(eq(webhooks.programId, program.id));
  if (!hooks.some((h) => (JSON.parse(h.events) as string[]).includes("insights.weekly"))) return;
  for (const week of weeks) {
    const digest = await unwrap(engineOf(env, program.id).weeklyChanges(week, now));
    await enqueueDeliveries(db, program, "insights.weekly", digest, now);
  }
}
