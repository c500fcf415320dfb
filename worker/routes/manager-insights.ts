/**
 * Manager insights (admin only): which lead indicators go with the outcome, what changed for real
 * in a week, a funnel's conversions and forecast, and the program's health over the weeks. The
 * engine computes them (worker/engine/insights-*.ts); queries are checked here.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../auth";
import { validate } from "../body";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";
import { handle, jsonAnswer, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { changesAnswer, changesQuery, funnelAnswer, funnelQuery, indicatorsAnswer, indicatorsQuery, trendsAnswer, trendsQuery } from "../schemas/insights";

const params = z.object({ program: programParam });
const insight = { tags: ["Manager insights"], security: withCredential };

const indicatorsRoute = createRoute({
  ...insight,
  method: "get",
  path: "/{program}/insights/indicators",
  summary: "Which lead indicators go with the outcome",
  request: { params, query: indicatorsQuery },
  responses: { 200: jsonAnswer(indicatorsAnswer, "the associations and suggested weights"), ...errorAnswers(401, 403, 404, 422) },
});

const changesRoute = createRoute({
  ...insight,
  method: "get",
  path: "/{program}/insights/changes",
  summary: "What changed for real in an ended week",
  request: { params, query: changesQuery },
  responses: { 200: jsonAnswer(changesAnswer, "the week's significant changes"), ...errorAnswers(401, 403, 404, 409, 422) },
});

const funnelRoute = createRoute({
  ...insight,
  method: "get",
  path: "/{program}/insights/funnels/{funnel}",
  summary: "A funnel's conversions, history and forecast",
  request: {
    params: params.extend({ funnel: z.string().openapi({ param: { name: "funnel", in: "path" }, example: "social-pipeline" }) }),
    query: funnelQuery,
  },
  responses: { 200: jsonAnswer(funnelAnswer, "the funnel report"), ...errorAnswers(401, 403, 404, 422) },
});

const trendsRoute = createRoute({
  ...insight,
  method: "get",
  path: "/{program}/insights/trends",
  summary: "The program's health over the weeks",
  request: { params, query: trendsQuery },
  responses: { 200: jsonAnswer(trendsAnswer, "the weekly trends and weight changes"), ...errorAnswers(401, 403, 404, 422) },
});

export const managerInsightRoutes = routes();

handle(managerInsightRoutes, indicatorsRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const q = validate(indicatorsQuery, c.req.query());
  return c.json(await unwrap(engine(c, program).leadIndicators(q.outcome, q.weeks, c.var.now)));
});

handle(managerInsightRoutes, changesRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const q = validate(changesQuery, c.req.query());
  return c.json(await unwrap(engine(c, program).weeklyChanges(q.week, c.var.now)));
});

handle(managerInsightRoutes, funnelRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const q = validate(funnelQuery, c.req.query());
  return c.json(await unwrap(engine(c, program).funnelReport(c.req.param("funnel"), q, c.var.now)));
});

handle(managerInsightRoutes, trendsRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const q = validate(trendsQuery, c.req.query());
  return c.json(await unwrap(engine(c, program).trends(q.weeks, c.var.now)));
});
