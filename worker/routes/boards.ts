/** The boards (SPEC §4, §5.2, §5.3): a program's leaderboard and contests, and a participant's score card. */
import { createRoute, z } from "@hono/zod-openapi";
import { participantReader, requireReader } from "../auth";
import { validate } from "../body";
import { unwrap } from "../engine/outcome";
import { sendJsonText } from "../json-text";
import { engine, participantQuery, programOf } from "../lookup";
import { credentialOrPublic, handle, jsonAnswer, participantParam, programParam, routes } from "../openapi";
import { contestsAnswer, leaderboardAnswer, leaderboardQuery, scoreQuery, scorecardAnswer } from "../schemas/boards";
import { errorAnswers } from "../schemas/common";

const leaderboardRoute = createRoute({
  method: "get",
  path: "/{program}/leaderboard",
  summary: "A page of the program's leaderboard",
  tags: ["Boards"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam }), query: leaderboardQuery },
  responses: {
    200: jsonAnswer(leaderboardAnswer, "the page of the board"),
    ...errorAnswers(400, 401, 403, 404, 422),
  },
});

const contestsRoute = createRoute({
  method: "get",
  path: "/{program}/contests",
  summary: "The program's contests and their status now",
  tags: ["Boards"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam }) },
  responses: {
    200: jsonAnswer(contestsAnswer, "the contests"),
    ...errorAnswers(401, 403, 404),
  },
});

const scoreRoute = createRoute({
  method: "get",
  path: "/{program}/participants/{id}/score",
  summary: "A participant's score card",
  description:
    "Admin, that participant's token, or anyone for a public program; a participant who is not ranked is published only to an admin and their own token.",
  tags: ["Boards"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam, id: participantParam }), query: scoreQuery },
  responses: {
    200: jsonAnswer(scorecardAnswer, "the score card"),
    ...errorAnswers(401, 403, 404, 422),
  },
});

export const boardRoutes = routes();

handle(boardRoutes, leaderboardRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  const query = validate(leaderboardQuery, c.req.query());
  return sendJsonText(c, await unwrap(engine(c, program).leaderboard(query, c.var.now)));
});

handle(boardRoutes, contestsRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).contests(c.var.now)));
});

handle(boardRoutes, scoreRoute, async (c) => {
  const program = await programOf(c);
  const reader = participantReader(c.var.principal, program);
  const query = await participantQuery(c, program, reader, scoreQuery);
  return sendJsonText(c, await unwrap(engine(c, program).scorecard(c.req.param("id"), reader, query.period, query.at, c.var.now)));
});
