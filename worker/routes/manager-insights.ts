/**
 * Manager insights (admin only): which lead indicators go with the outcome, what changed for real
 * in a week, a funnel's conversions and forecast, and the program's health over the weeks. The
 * engine computes them (worker/engine/insights-*.ts); queries are checked here.
 */
import { Hono } from "hono";
import { requireAdmin } from "../auth";
import { validate } from "../body";
import type { AppEnv } from "../context";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";
import { changesQuery, funnelQuery, indicatorsQuery, trendsQuery } from "../schemas/insights";

export const managerInsightRoutes = new Hono<AppEnv>()
  .get("/:program/insights/indicators", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(indicatorsQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).leadIndicators(q.outcome, q.weeks, c.var.now)));
  })
  .get("/:program/insights/changes", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(changesQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).weeklyChanges(q.week, c.var.now)));
  })
  .get("/:program/insights/funnels/:funnel", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(funnelQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).funnelReport(c.req.param("funnel"), q, c.var.now)));
  })
  .get("/:program/insights/trends", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(trendsQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).trends(q.weeks, c.var.now)));
  });
