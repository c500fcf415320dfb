import { Hono } from "hono";
import { type Principal, requireAdmin } from "../auth";
import { readBody, validate } from "../body";
import type { AppEnv } from "../context";
import { findProgram, readDocument, saveDocument } from "../db/programs";
import { forbidden, unauthorized } from "../errors";
import { programOf } from "../lookup";
import { slug } from "../schemas/common";
import { programDocument } from "../schemas/programs";

export const programRoutes = new Hono<AppEnv>()
  .put("/:program", async (c) => {
    const orgId = adminOrg(c.var.principal);
    const programSlug = validate(slug, c.req.param("program"), "program");
    const doc = await readBody(c, programDocument);
    const created = await saveDocument(c.var.db, orgId, programSlug, doc, c.var.now);
    const program = (await findProgram(c.var.db, programSlug))!;
    return c.json(await readDocument(c.var.db, program), created ? 201 : 200);
  })
  .get("/:program", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    return c.json(await readDocument(c.var.db, program));
  });

/** The organisation of an admin key. A PUT may create the program, so no program decides this. */
function adminOrg(p: Principal): number {
  if (p.kind === "anonymous") throw unauthorized();
  if (p.kind !== "admin") throw forbidden("only an admin key may define programs");
  return p.orgId;
}
