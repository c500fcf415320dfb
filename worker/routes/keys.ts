import { Hono } from "hono";
import { requireAdmin } from "../auth";
import { readBody } from "../body";
import type { AppEnv } from "../context";
import { createIngestKey, listIngestKeys, revokeIngestKey } from "../db/credentials";
import { programOf } from "../lookup";
import { createKeyBody } from "../schemas/keys";
import { formatInstant } from "../../scoring/instants";

export const keyRoutes = new Hono<AppEnv>()
  .post("/:program/keys", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    await readBody(c, createKeyBody);
    return c.json({ key: await createIngestKey(c.var.db, program.orgId, program.id, c.var.now) }, 201);
  })
  .get("/:program/keys", async (c) => {
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
  })
  .delete("/:program/keys/:prefix", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    await revokeIngestKey(c.var.db, program.id, c.req.param("prefix"), c.var.now);
    return c.body(null, 204);
  });
