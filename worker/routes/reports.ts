import { Hono } from "hono";
import { participantReader, requireAdmin, requireReader } from "../auth";
import { inBackground } from "../background";
import type { AppEnv } from "../context";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";
import { announceReports } from "../webhooks/announce";
import { deliverDue } from "../webhooks/deliveries";

export const reportRoutes = new Hono<AppEnv>()
  .get("/:program/reports/weekly", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    return c.json({ weeks: await unwrap(engine(c, program).reportWeeks()) });
  })
  .get("/:program/reports/weekly/:week", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    return c.json(await unwrap(engine(c, program).report(c.req.param("week"))));
  })
  .post("/:program/reports/weekly/:week", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const report = await unwrap(engine(c, program).generateReport(c.req.param("week"), c.var.now));
    await announceReports(c.var.db, program, [report], c.var.now);
    // This program's deliveries only: no organisation's request runs another's.
    await inBackground(c, deliverDue(c.var.db, c.var.now, { programId: program.id }));
    return c.json(report, 201);
  })
  .get("/:program/participants/:id/reports/weekly/:week", async (c) => {
    const program = await programOf(c);
    const reader = participantReader(c.var.principal, program);
    return c.json(await unwrap(engine(c, program).digest(c.req.param("id"), reader, c.req.param("week"), c.var.now)));
  });
