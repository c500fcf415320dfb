/** Announcing newly stored Power 100 reports to the program's webhooks. */
import type { Db } from "../context";
import type { ProgramRow } from "../db/programs";
import type { WeeklyReport } from "../engine/reports";
import { enqueueDeliveries } from "./deliveries";

export async function announceReports(db: Db, program: ProgramRow, reports: WeeklyReport[], now: number): Promise<void> {
  for (const report of reports) await enqueueDeliveries(db, program, "report.published", report, now);
}
