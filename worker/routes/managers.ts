/**
 * Manager accounts and console sessions (beyond the v1 contract): the operator (or an admin of the
 * organisation) creates managers; a manager signs in with e-mail and password and gets a session
 * token that acts as an admin key of the organisation until it expires or is signed out.
 */
import { Hono } from "hono";
import { bearerSecret, requireReader } from "../auth";
import { readBody } from "../body";
import type { AppEnv } from "../context";
import { findProgramById, programsOfOrg } from "../db/programs";
import { engineOf } from "../engine/client";
import { createManager, findManager, revokeSession, SESSION_TAG, signIn } from "../db/managers";
import { findOrg, orgById } from "../db/orgs";
import { forbidden, notFound, unauthorized } from "../errors";
import { limitLogin } from "../rate-limit";
import { createManagerBody, signInBody } from "../schemas/managers";
import { formatInstant } from "../../scoring/instants";

export const managerRoutes = new Hono<AppEnv>()
  .post("/orgs/:org/managers", async (c) => {
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
  })
  .post("/sessions", async (c) => {
    const body = await readBody(c, signInBody);
    await limitLogin(c, body.email);
    const { token, expiresAt, manager } = await signIn(c.var.db, body.email, body.password, c.var.now, body.org);
    const org = await orgById(c.var.db, manager.orgId);
    return c.json(
      { token, expiresAt: formatInstant(expiresAt), manager: { email: manager.email, name: manager.name }, org: { slug: org.slug, name: org.name } },
      201,
    );
  })
  .delete("/sessions/current", async (c) => {
    const token = bearerSecret(c.req.header("Authorization")) ?? "";
    if (c.var.principal.kind !== "admin" || !token.startsWith(SESSION_TAG)) throw unauthorized("send the session token to sign out");
    await revokeSession(c.var.db, token, c.var.now);
    return c.body(null, 204);
  })
  .get("/me", async (c) => {
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
          participant: { id: participant.id, displayName: participant.displayName, team: participant.team, cohort: participant.cohort, optedIn: participant.optedIn },
        });
      }
    }
  });
