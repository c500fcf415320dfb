import { Hono } from "hono";
import { requireOperator } from "../auth";
import { readBody } from "../body";
import type { AppEnv } from "../context";
import { createOrg } from "../db/credentials";
import { createOrgBody } from "../schemas/orgs";

export const orgRoutes = new Hono<AppEnv>().post("/", async (c) => {
  requireOperator(c.var.principal);
  const body = await readBody(c, createOrgBody);
  const adminKey = await createOrg(c.var.db, body.slug, body.name, c.var.now);
  return c.json({ slug: body.slug, name: body.name, adminKey }, 201);
});
