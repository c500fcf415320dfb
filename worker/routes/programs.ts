/** The program document (SPEC §4): defined (created or replaced) and read by an admin. */
import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../auth";
import { readBody, validate } from "../body";
import { claimProgram, updateCatalogue } from "../db/programs";
import { unwrap } from "../engine/outcome";
import { forbidden, unauthorized } from "../errors";
import { engine, programOf } from "../lookup";
import { handle, jsonAnswer, jsonBody, programParam, routes, withCredential } from "../openapi";
import type { Principal } from "../principal";
import { errorAnswers, slug } from "../schemas/common";
import { programDocument, programDocumentAnswer } from "../schemas/programs";

const putProgramRoute = createRoute({
  method: "put",
  path: "/{program}",
  summary: "Define a program",
  description: "Creates the program (201) or replaces its document (200). Participants are managed on their own path.",
  tags: ["Programs"],
  security: withCredential,
  request: { params: z.object({ program: programParam }), body: jsonBody(programDocument) },
  responses: {
    200: jsonAnswer(programDocumentAnswer, "the stored document, replaced"),
    201: jsonAnswer(programDocumentAnswer, "the stored document, of a new program"),
    ...errorAnswers(400, 401, 403, 409, 413, 415, 422),
  },
});

const getProgramRoute = createRoute({
  method: "get",
  path: "/{program}",
  summary: "Read a program's document",
  tags: ["Programs"],
  security: withCredential,
  request: { params: z.object({ program: programParam }) },
  responses: {
    200: jsonAnswer(programDocumentAnswer, "the stored document"),
    ...errorAnswers(401, 403, 404),
  },
});

export const programRoutes = routes();

handle(programRoutes, putProgramRoute, async (c) => {
  const orgId = adminOrg(c.var.principal);
  const programSlug = validate(slug, c.req.param("program"), "program");
  const doc = await readBody(c, programDocument);
  const program = await claimProgram(c.var.db, orgId, programSlug, doc, c.var.now);
  // The engine may refuse the document (a locked time zone, a team in use): the catalogue follows only what it stored.
  const saved = await unwrap(engine(c, program).saveDocument({ programId: program.id, slug: program.slug }, doc, c.var.now));
  await updateCatalogue(c.var.db, program.id, doc, c.var.now);
  return c.json(saved.document, saved.created ? 201 : 200);
});

handle(programRoutes, getProgramRoute, async (c) => {
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
