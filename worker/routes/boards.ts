import { Hono } from "hono";
import { participantReader, requireReader } from "../auth";
import { validate } from "../body";
import type { AppEnv } from "../context";
import { jsonAnswer } from "../answer";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";
import { leaderboardQuery, scoreQuery } from "../schemas/queries";

export const boardRoutes = new Hono<AppEnv>()
  .get("/:program/leaderboard", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    const query = validate(leaderboardQuery, c.req.query());
    return jsonAnswer(c, await unwrap(engine(c, program).leaderboard(query, c.var.now)));
  })
  .get("/:program/contests", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    return c.json(await unwrap(engine(c, program).contests(c.var.now)));
  })
  .get("/:program/participants/:id/score", async (c) => {
    const program = await programOf(c);
    const reader = participantReader(c.var.principal, program);
    const query = validate(scoreQuery, c.req.query());
    return jsonAnswer(c, await unwrap(engine(c, program).scorecard(c.req.param("id"), reader, query.period, query.at, c.var.now)));
  });
