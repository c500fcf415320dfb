import { Hono } from "hono";
import { type Principal, requireAdmin } from "../auth";
import { readBody, validate } from "../body";
import type { AppEnv } from "../context";
import { claimProgram, updateCatalogue } from "../db/programs";
import { unwrap } from "../engine/outcome";
import { forbidden, unauthorized } from "../errors";
import { engine, programOf } from "../lookup";
import { slug } from "../schemas/common";
import { programDocument } from "../schemas/programs";

export const programRoutes = new Hono<AppEnv>()
  .put("/:program", async (c) => {
    const orgId = adminOrg(c.var.principal);
    const programSlug = validate(slug, c.req.param("program"), "program");
    const doc = await readBody(c, programDocument);
    const program = await claimProgram(c.var.db, orgId, programSlug, doc, c.var.now);
    // The engine may refuse the document (a locked time zone, a team in use): the catalogue follows only what it stored.
    const saved = await unwrap(engine(c, program).saveDocument({ programId: program.id, slug: program.slug }, doc, c.var.now));
    await updateCatalogue(c.var.db, program.id, doc, c.var.now);
    return c.json(saved.document, saved.created ? 201 : 200);
  })
  .get("/:program", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    return c.json(await unwrap(engine(c, program).document()));
  });

/** The organisation of an admin key. A PUT may create the program, so no program decides this. */
function adminOrg(p: Principal): number {
  if (p.kind === "anonymous") throw unauthorized();
  if (p.kind !== "admin") throw forbidden("only an admin key may define programs");
  return p.orgId;
}
