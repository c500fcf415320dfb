/**
 * Beyond the v1 contract: the days a program's boards can show, so that the site's period
 * navigation stops at the program's first period and the current one. The first day is the
 * program's creation day, or the date of its earliest metric weight where that is earlier (a
 * history loaded with `effectiveFrom`).
 */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { localDateOf } from "../../scoring/periods";
import { requireReader } from "../auth";
import type { AppEnv } from "../context";
import { programOf } from "../lookup";

export const spanRoutes = new Hono<AppEnv>().get("/:program/span", async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  const row = await c.var.db.get<{ first: string | null }>(sql`
    SELECT MIN(v.effective_from) AS first FROM metric_versions v JOIN metrics m ON m.id = v.metric_id WHERE m.program_id = ${program.id}`);
  const created = localDateOf(program.createdAt, program.timeZone);
  const today = localDateOf(c.var.now, program.timeZone);
  const firstDay = [created, row?.first ?? created, today].sort()[0];
  return c.json({ firstDay, today });
});
