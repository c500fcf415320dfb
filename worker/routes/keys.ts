/** A program's ingest keys (SPEC §4): created, listed (never the secret) and revoked by an admin. */
import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../auth";
import { readBody } from "../body";
import { createIngestKey, listIngestKeys, revokeIngestKey } from "../db/credentials";
import { programOf } from "../lookup";
import { emptyAnswer, handle, jsonAnswer, jsonBody, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { createKeyAnswer, createKeyBody, keysAnswer } from "../schemas/keys";
import { formatInstant } from "../../scoring/instants";

const createKeyRoute = createRoute({
  method: "post",
  path: "/{program}/keys",
  summary: "Create an ingest key",
  tags: ["Keys"],
  security: withCredential,
  request: { params: z.object({ program: programParam }), body: jsonBody(createKeyBody) },
  responses: {
    201: jsonAnswer(createKeyAnswer, "the key, shown once"),
    ...errorAnswers(400, 401, 403, 404, 413, 415, 422),
  },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/{program}/keys",
  summary: "List the program's keys",
  tags: ["Keys"],
  security: withCredential,
  request: { params: z.object({ program: programParam }) },
  responses: {
    200: jsonAnswer(keysAnswer, "the keys, never their secrets"),
    ...errorAnswers(401, 403, 404),
  },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/{program}/keys/{prefix}",
  summary: "Revoke a key",
  tags: ["Keys"],
  security: withCredential,
  request: {
    params: z.object({ program: programParam, prefix: z.string().openapi({ param: { name: "prefix", in: "path" }, example: "lbk_3f9a2c" }) }),
  },
  responses: {
    204: emptyAnswer("revoked"),
    ...errorAnswers(401, 403, 404),
  },
});

export const keyRoutes = routes();

handle(keyRoutes, createKeyRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  await readBody(c, createKeyBody);
  return c.json({ key: await createIngestKey(c.var.db, program.orgId, program.id, c.var.now) }, 201);
});

handle(keyRoutes, listKeysRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const keys = await listIngestKeys(c.var.db, program.id);
  return c.json({
    keys: keys.map((k) => ({
      prefix: k.prefix,
      role: k.role,
      createdAt: formatInstant(k.createdAt),
      revokedAt: k.revokedAt === null ? null : formatInstant(k.revokedAt),
    })),
  });
});

handle(keyRoutes, revokeKeyRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  await revokeIngestKey(c.var.db, program.id, c.req.param("prefix"), c.var.now);
  return c.body(null, 204);
});
