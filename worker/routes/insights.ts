/**
 * Reads the site needs beyond the v1 contract: the public programs, a program's public summary, a
 * participant's weekly series beside their team's mean, the participants table and its dry-run
 * check, the console's dashboard, and what recent ingestion refused.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { participantReader, requireAdmin, requireReader } from "../auth";
import { fieldProblems, readJson, validate } from "../body";
import { publicPrograms } from "../db/programs";
import { unwrap } from "../engine/outcome";
import { tooLarge } from "../errors";
import { engine, participantQuery, programOf } from "../lookup";
import { credentialOrPublic, handle, jsonAnswer, jsonBody, participantParam, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import {
  dashboardAnswer,
  dashboardQuery,
  historyAnswer,
  historyQuery,
  ingestionAnswer,
  participantCheckAnswer,
  participantListQuery,
  participantPageAnswer,
  publicProgramsAnswer,
  summaryAnswer,
} from "../schemas/managers";
import { MAX_PARTICIPANTS, upsertParticipantsBody } from "../schemas/participants";

const params = z.object({ program: programParam });
const site = { tags: ["Site reads"] };

const publicProgramsRoute = createRoute({
  ...site,
  method: "get",
  path: "/public-programs",
  summary: "The public programs",
  responses: { 200: jsonAnswer(publicProgramsAnswer, "the public programs"), ...errorAnswers(401) },
});

const summaryRoute = createRoute({
  ...site,
  method: "get",
  path: "/programs/{program}/summary",
  summary: "A program's summary: settings, metrics, teams and cohorts",
  security: credentialOrPublic,
  request: { params },
  responses: { 200: jsonAnswer(summaryAnswer, "the summary"), ...errorAnswers(401, 403, 404) },
});

const participantListRoute = createRoute({
  ...site,
  method: "get",
  path: "/programs/{program}/participants",
  summary: "A page of the participants table, searched by id, name, team or cohort",
  security: withCredential,
  request: { params, query: participantListQuery },
  responses: { 200: jsonAnswer(participantPageAnswer, "the page, in id order"), ...errorAnswers(401, 403, 404, 422) },
});

const participantCheckRoute = createRoute({
  ...site,
  method: "post",
  path: "/programs/{program}/participants/check",
  summary: "A dry run of PUT participants: every problem of every row, nothing stored",
  security: withCredential,
  request: { params, body: jsonBody(upsertParticipantsBody) },
  responses: { 200: jsonAnswer(participantCheckAnswer, "the problems, and which ids exist"), ...errorAnswers(400, 401, 403, 404, 413, 415) },
});

const historyRoute = createRoute({
  ...site,
  method: "get",
  path: "/programs/{program}/participants/{id}/history",
  summary: "A participant's weekly scores beside their team's mean",
  security: credentialOrPublic,
  request: { params: params.extend({ id: participantParam }), query: historyQuery },
  responses: { 200: jsonAnswer(historyAnswer, "the weeks, oldest first"), ...errorAnswers(401, 403, 404, 422) },
});

const dashboardRoute = createRoute({
  ...site,
  method: "get",
  path: "/programs/{program}/dashboard",
  summary: "The console's dashboard of a week",
  security: withCredential,
  request: { params, query: dashboardQuery },
  responses: { 200: jsonAnswer(dashboardAnswer, "participation, the team heatmap and team targets"), ...errorAnswers(401, 403, 404, 422) },
});

const ingestionRoute = createRoute({
  ...site,
  method: "get",
  path: "/programs/{program}/ingestion",
  summary: "What recent ingestion accepted and refused",
  security: withCredential,
  request: { params },
  responses: { 200: jsonAnswer(ingestionAnswer, "the recent batches and rejection reasons"), ...errorAnswers(401, 403, 404) },
});

export const insightRoutes = routes();

handle(insightRoutes, publicProgramsRoute, async (c) => {
  const rows = await publicPrograms(c.var.db);
  return c.json({ programs: rows.map((r) => ({ slug: r.slug, name: r.name, timezone: r.timeZone })) });
});

handle(insightRoutes, summaryRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).summary(c.var.now)));
});

handle(insightRoutes, participantListRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const q = validate(participantListQuery, c.req.query());
  return c.json(await unwrap(engine(c, program).participants(q.q?.trim() || undefined, q.offset, q.limit)));
});

/** A dry run of PUT /participants: every problem of every row, and which rows are new, without storing anything. */
handle(insightRoutes, participantCheckRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const body = await readJson(c);
  const list = (body as { participants?: unknown })?.participants;
  if (Array.isArray(list) && list.length > MAX_PARTICIPANTS) throw tooLarge(`at most ${MAX_PARTICIPANTS} participants a request`);
  const parsed = upsertParticipantsBody.safeParse(body);
  const problems = parsed.success ? [] : fieldProblems(parsed.error);
  const rows = Array.isArray(list) ? (list as { id?: unknown; team?: unknown }[]) : [];
  const ids = rows.map((p) => p?.id).filter((id): id is string => typeof id === "string");
  const facts = await unwrap(engine(c, program).upsertFacts(ids));
  const teamKeys = new Set(facts.teams);
  const seen = new Set<unknown>();
  rows.forEach((p, i) => {
    if (typeof p?.id === "string" && seen.has(p.id)) problems.push({ path: `participants[${i}].id`, message: `"${p.id}" appears more than once` });
    seen.add(p?.id);
    if (typeof p?.team === "string" && !teamKeys.has(p.team))
      problems.push({ path: `participants[${i}].team`, message: `no team "${p.team}" in this program` });
  });
  return c.json({ valid: problems.length === 0, problems, existing: facts.existing });
});

handle(insightRoutes, historyRoute, async (c) => {
  const program = await programOf(c);
  const reader = participantReader(c.var.principal, program);
  const q = await participantQuery(c, program, reader, historyQuery);
  return c.json(await unwrap(engine(c, program).history(c.req.param("id"), reader, q.weeks, q.at, c.var.now)));
});

handle(insightRoutes, dashboardRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const q = validate(dashboardQuery, c.req.query());
  return c.json(await unwrap(engine(c, program).dashboard(q.at, c.var.now)));
});

handle(insightRoutes, ingestionRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).ingestion(c.var.now)));
});
