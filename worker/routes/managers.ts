/**
 * Manager accounts and console sessions (beyond the v1 contract): the operator (or an admin of the
 * organisation) creates managers; a manager signs in with e-mail and password and gets a session
 * token that acts as an admin key of the organisation until it expires or is signed out.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecret, requireReader } from "../auth";
import { readBody } from "../body";
import { findProgramById, programsOfOrg } from "../db/programs";
import { engineOf } from "../engine/client";
import { createManager, findManager, revokeSession, SESSION_TAG, signIn } from "../db/managers";
import { findOrg, orgById } from "../db/orgs";
import { forbidden, notFound, unauthorized } from "../errors";
import { limitLogin } from "../rate-limit";
import { emptyAnswer, handle, jsonAnswer, jsonBody, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { createManagerBody, managerAnswer, meAnswer, sessionAnswer, signInBody } from "../schemas/managers";
import { formatInstant } from "../../scoring/instants";

const createManagerRoute = createRoute({
  method: "post",
  path: "/orgs/{org}/managers",
  summary: "Create a manager account (operator key, or an admin of the organisation)",
  tags: ["Managers"],
  security: withCredential,
  request: {
    params: z.object({ org: z.string().openapi({ param: { name: "org", in: "path" }, description: "the organisation's slug", example: "demo" }) }),
    body: jsonBody(createManagerBody),
  },
  responses: {
    201: jsonAnswer(managerAnswer, "the manager"),
    ...errorAnswers(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const signInRoute = createRoute({
  method: "post",
  path: "/sessions",
  summary: "Sign in with e-mail and password",
  tags: ["Managers"],
  request: { body: jsonBody(signInBody) },
  responses: {
    201: jsonAnswer(sessionAnswer, "a session token"),
    ...errorAnswers(400, 401, 413, 415, 422, 429),
  },
});

const signOutRoute = createRoute({
  method: "delete",
  path: "/sessions/current",
  summary: "Sign out the session whose token is sent",
  tags: ["Managers"],
  security: withCredential,
  responses: { 204: emptyAnswer("signed out"), ...errorAnswers(401) },
});

const meRoute = createRoute({
  method: "get",
  path: "/me",
  summary: "Who the credential is",
  tags: ["Managers"],
  security: withCredential,
  responses: { 200: jsonAnswer(meAnswer, "the credential's kind and what it reaches"), ...errorAnswers(401, 403, 404) },
});

export const managerRoutes = routes();

handle(managerRoutes, createManagerRoute, async (c) => {
  const p = c.var.principal;
  if (p.kind === "anonymous") throw unauthorized();
  const org = await findOrg(c.var.db, c.req.param("org"));
  if (!org || (p.kind !== "operator" && (p.kind !== "admin" || p.orgId !== org.id))) {
    if (p.kind === "operator" || p.kind === "admin") throw notFound("organisation");
    throw forbidden("only the operator key or an admin of this organisation may add managers");
  }
  const body = await readBody(c, createManagerBody);
  const manager = await createManager(c.var.db, org.id, body.email, body.name ?? body.email, body.password, c.var.now);
  return c.json({ email: manager.email, name: manager.name, org: org.slug, createdAt: formatInstant(manager.createdAt) }, 201);
});

handle(managerRoutes, signInRoute, async (c) => {
  const body = await readBody(c, signInBody);
  await limitLogin(c, body.email);
  const { token, expiresAt, manager } = await signIn(c.var.db, body.email, body.password, c.var.now, body.org);
  const org = await orgById(c.var.db, manager.orgId);
  return c.json(
    { token, expiresAt: formatInstant(expiresAt), manager: { email: manager.email, name: manager.name }, org: { slug: org.slug, name: org.name } },
    201,
  );
});

handle(managerRoutes, signOutRoute, async (c) => {
  const token = bearerSecret(c.req.header("Authorization")) ?? "";
  if (c.var.principal.kind !== "admin" || !token.startsWith(SESSION_TAG)) throw unauthorized("send the session token to sign out");
  await revokeSession(c.var.db, token, c.var.now);
  return c.body(null, 204);
});

handle(managerRoutes, meRoute, async (c) => {
  const p = c.var.principal;
  switch (p.kind) {
    case "anonymous":
      throw unauthorized();
    case "operator":
      return c.json({ kind: "operator" });
    case "admin": {
      const [org, manager, programs] = await Promise.all([
        orgById(c.var.db, p.orgId),
        p.managerId === undefined ? null : findManager(c.var.db, p.managerId),
        programsOfOrg(c.var.db, p.orgId),
      ]);
      return c.json({
        kind: manager ? "manager" : "admin",
        manager: manager && { email: manager.email, name: manager.name },
        org: { slug: org.slug, name: org.name },
        programs: programs.map((x) => ({ slug: x.slug, name: x.name, timezone: x.timeZone, visibility: x.visibility })),
      });
    }
    case "ingest": {
      const program = (await findProgramById(c.var.db, p.programId))!;
      return c.json({ kind: "ingest", program: { slug: program.slug, name: program.name } });
    }
    case "participant": {
      const program = await findProgramById(c.var.db, p.programId);
      const participant = program && (await engineOf(c.env, program.id).participantByPk(p.participantPk));
      if (!program || !participant) throw unauthorized("this credential is not valid");
      requireReader(p, program);
      return c.json({
        kind: "participant",
        program: { slug: program.slug, name: program.name, timezone: program.timeZone, requireOptIn: program.requireOptIn, visibility: program.visibility },
        participant: {
          id: participant.id,
          displayName: participant.displayName,
          team: participant.team,
          cohort: participant.cohort,
          optedIn: participant.optedIn,
        },
      });
    }
  }
});
