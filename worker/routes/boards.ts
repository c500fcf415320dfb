import { Hono } from "hono";
import { requireReader, requireSelf } from "../auth";
import { validate } from "../body";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { leaderboard } from "../leaderboard";
import { findParticipantOf, programOf } from "../lookup";
import { resolvePeriod } from "../period-query";
import { leaderboardQuery, scoreQuery } from "../schemas/queries";
import { scorecard } from "../scorecard";

export const boardRoutes = new Hono<AppEnv>()
  .get("/:program/leaderboard", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    const query = validate(leaderboardQuery, c.req.query());
    return c.json(await leaderboard(c.var.db, program, query, c.var.now));
  })
  .get("/:program/participants/:id/score", async (c) => {
    const program = await programOf(c);
    const participant = await findParticipantOf(c, program);
    requireSelf(c.var.principal, program, participant?.pk ?? null, true);
    if (!participant) throw notFound("participant");
    const query = validate(scoreQuery, c.req.query());
    const period = resolvePeriod(query.period, query.at, program.timeZone, c.var.now);
    return c.json(await scorecard(c.var.db, program, participant, period, c.var.now));
  });
