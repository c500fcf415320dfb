import { Hono } from "hono";
import { requireAdmin, requireReader, requireSelf } from "../auth";
import { inBackground } from "../background";
import type { AppEnv } from "../context";
import { findReport, reportWeeks } from "../db/reports";
import { weeklyDigest } from "../digest";
import { conflict, invalid, notFound } from "../errors";
import { findParticipantOf, programOf } from "../lookup";
import { generateReport, hasEnded, weekOf } from "../reports";
import { deliverDue } from "../webhooks/deliveries";

export const reportRoutes = new Hono<AppEnv>()
  .get("/:program/reports/weekly", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    return c.json({ weeks: await reportWeeks(c.var.db, program.id) });
  })
  .get("/:program/reports/weekly/:week", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    const report = await findReport(c.var.db, program.id, c.req.param("week"));
    if (!report) throw notFound("report");
    return c.json(report);
  })
  .post("/:program/reports/weekly/:week", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const week = weekOf(c.req.param("week"));
    if (!week) throw invalid([{ path: "week", message: "must be an ISO week label such as 2026-W47" }]);
    if (!hasEnded(week, program.timeZone, c.var.now)) throw conflict("week_not_ended", `week ${week.label} has not ended in ${program.timeZone}`);
    const { report } = await generateReport(c.var.db, program, week, c.var.now, true);
    // This program's deliveries only: no organisation's request runs another's.
    await inBackground(c, deliverDue(c.var.db, c.var.now, { programId: program.id }));
    return c.json(report, 201);
  })
  .get("/:program/participants/:id/reports/weekly/:week", async (c) => {
    const program = await programOf(c);
    const participant = await findParticipantOf(c, program);
    requireSelf(c.var.principal, program, participant?.pk ?? null, true);
    if (!participant) throw notFound("participant");
    const report = await findReport(c.var.db, program.id, c.req.param("week"));
    if (!report) throw notFound("report");
    return c.json(await weeklyDigest(c.var.db, program, participant, report, c.var.now));
  });
