/**
 * Beyond the v1 contract, for the site: a program's badge rules and levels (SPEC §5.4, §5.5), read
 * by whoever may read its boards, so a scorecard can show the badges still to earn and the first
 * level to reach. The program document itself stays the admin's.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requireReader } from "../auth";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";
import { credentialOrPublic, handle, jsonAnswer, programParam, routes } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { gameRulesAnswer } from "../schemas/game";

const gameRoute = createRoute({
  method: "get",
  path: "/{program}/game",
  summary: "The program's badge rules and levels",
  tags: ["Boards"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam }) },
  responses: {
    200: jsonAnswer(gameRulesAnswer, "the badge rules and levels"),
    ...errorAnswers(401, 403, 404),
  },
});

export const gameRoutes = handle(routes(), gameRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).gameRules()));
});
