/**
 * Beyond the v1 contract: the days a program's boards can show, so that the site's period
 * navigation stops at the program's first period and the current one. The first day is the
 * earliest of the program's creation day, its first metric weight's date and its first day with
 * events (a history loaded later).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requireReader } from "../auth";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";
import { credentialOrPublic, handle, jsonAnswer, programParam, routes } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { spanAnswer } from "../schemas/span";

const spanRoute = createRoute({
  method: "get",
  path: "/{program}/span",
  summary: "The days the program's boards can show",
  tags: ["Boards"],
  security: credentialOrPublic,
  request: { params: z.object({ program: programParam }) },
  responses: {
    200: jsonAnswer(spanAnswer, "the first day and today"),
    ...errorAnswers(401, 403, 404),
  },
});

export const spanRoutes = handle(routes(), spanRoute, async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).span(program.createdAt, c.var.now)));
});
