/** Organisations (SPEC §4): the operator creates them, each with its admin key. */
import { createRoute } from "@hono/zod-openapi";
import { requireOperator } from "../auth";
import { readBody } from "../body";
import { createOrg } from "../db/credentials";
import { handle, jsonAnswer, jsonBody, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { createOrgAnswer, createOrgBody } from "../schemas/orgs";

const createOrgRoute = createRoute({
  method: "post",
  path: "/",
  summary: "Create an organisation (operator key)",
  tags: ["Organisations"],
  security: withCredential,
  request: { body: jsonBody(createOrgBody) },
  responses: {
    201: jsonAnswer(createOrgAnswer, "the organisation and its admin key, shown once"),
    ...errorAnswers(400, 401, 403, 409, 413, 415, 422),
  },
});

export const orgRoutes = handle(routes(), createOrgRoute, async (c) => {
  requireOperator(c.var.principal);
  const body = await readBody(c, createOrgBody);
  const adminKey = await createOrg(c.var.db, body.slug, body.name, c.var.now);
  return c.json({ slug: body.slug, name: body.name, adminKey }, 201);
});
