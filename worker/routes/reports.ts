/** The weekly Power 100 reports (SPEC §4) and a participant's weekly digest. */
import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requirePublished, requireReader } from "../auth";
import { inBackground } from "../background";
import { unwrap } from "../engine/outcome";
import { engine, findParticipantOf, programOf } from "../lookup";
import { credentialOrPublic, handle, jsonAnswer, participantParam, programParam, routes, weekParam, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { digestAnswer, reportWeeksAnswer, weeklyReportAnswer } from "../schemas/reports";
import { announceReports } from "../webhooks/announce";
import { deliverDue } from "../webhooks/deliveries";

const weeksRoute = createRoute({
  method: "get",
  path: "/{program}/reports/weekly",
  summary: "The weeks with a stored report",
  tags: ["Reports"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam }) },
  responses: {
    200: jsonAnswer(reportWeeksAnswer, "the weeks, newest first"),
    ...errorAnswers(401, 403, 404),
  },
});

const reportRoute = createRoute({
  method: "get",
  path: "/{program}/reports/weekly/{week}",
  summary: "A week's Power 100 report",
  tags: ["Reports"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam, week: weekParam }) },
  responses: {
    200: jsonAnswer(weeklyReportAnswer, "the stored report"),
    ...errorAnswers(401, 403, 404, 422),
  },
});

const generateRoute = createRoute({
  method: "post",
  path: "/{program}/reports/weekly/{week}",
  summary: "Generate (or regenerate) a week's report now",
  tags: ["Reports"],
  security: withCredential,
  request: { params: z.object({ program: programParam, week: weekParam }) },
  responses: {
    201: jsonAnswer(weeklyReportAnswer, "the report, stored"),
    ...errorAnswers(401, 403, 404, 409, 422),
  },
});

const digestRoute = createRoute({
  method: "get",
  path: "/{program}/participants/{id}/reports/weekly/{week}",
  summary: "A participant's weekly digest",
  description: "Admin, that participant's token, or anyone for a public program; 404 before the week's report is generated.",
  tags: ["Reports"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam, id: participantParam, week: weekParam }) },
  responses: {
    200: jsonAnswer(digestAnswer, "the digest"),
    ...errorAnswers(401, 403, 404, 422),
  },
});

export const reportRoutes = routes();

handle(reportRoutes, weeksRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json({ weeks: await unwrap(engine(c, program).reportWeeks()) });
});

handle(reportRoutes, reportRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).report(c.req.param("week"))));
});

handle(reportRoutes, generateRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const report = await unwrap(engine(c, program).generateReport(c.req.param("week"), c.var.now));
  await announceReports(c.var.db, program, [report], c.var.now);
  // This program's deliveries only: no organisation's request runs another's.
  await inBackground(c, deliverDue(c.var.db, c.var.now, { programId: program.id }));
  return c.json(report, 201);
});

handle(reportRoutes, digestRoute, async (c) => {
  const program = await programOf(c);
  requirePublished(c.var.principal, program, await findParticipantOf(c, program));
  return c.json(await unwrap(engine(c, program).digest(c.req.param("id"), c.req.param("week"), c.var.now)));
});
