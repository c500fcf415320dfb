/**
 * Private links in bulk, beyond the v1 contract: new tokens for many participants at once (each
 * revoking that participant's earlier tokens), and revoking one participant's tokens alone.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../auth";
import { readJson, validate } from "../body";
import { issueParticipantTokens, revokeParticipantTokens } from "../db/credentials";
import { invalid, tooLarge } from "../errors";
import { engine, participantOf, programOf } from "../lookup";
import { emptyAnswer, handle, jsonAnswer, jsonBody, participantParam, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { invitesAnswer, invitesBody, MAX_INVITES } from "../schemas/invites";

const inviteRoute = createRoute({
  method: "post",
  path: "/{program}/invites",
  summary: "New tokens for many participants",
  description: `Each listed participant (every participant where none are listed, at most ${MAX_INVITES}) gets a new token, revoking their earlier ones.`,
  tags: ["Participants"],
  security: withCredential,
  request: { params: z.object({ program: programParam }), body: jsonBody(invitesBody, { required: false }) },
  responses: {
    201: jsonAnswer(invitesAnswer, "the new tokens, shown once"),
    ...errorAnswers(400, 401, 403, 404, 413, 415, 422),
  },
});

const revokeTokensRoute = createRoute({
  method: "delete",
  path: "/{program}/participants/{id}/token",
  summary: "Revoke a participant's tokens",
  tags: ["Participants"],
  security: withCredential,
  request: { params: z.object({ program: programParam, id: participantParam }) },
  responses: { 204: emptyAnswer("revoked"), ...errorAnswers(401, 403, 404) },
});

export const inviteRoutes = routes();

handle(inviteRoutes, inviteRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const raw = await readJson(c, { optional: true });
  const listed = (raw as { participants?: unknown })?.participants;
  if (Array.isArray(listed) && listed.length > MAX_INVITES) throw tooLarge(`at most ${MAX_INVITES} participants a request`);
  const { participants: ids } = validate(invitesBody, raw);
  const unique = ids && [...new Set(ids)];
  const found = await engine(c, program).participantsNamed(unique);
  if (unique) {
    const known = new Set(found.map((p) => p.id));
    const problems = ids!.flatMap((id, i) => (known.has(id) ? [] : [{ path: `participants[${i}]`, message: `no participant "${id}" in this program` }]));
    if (problems.length > 0) throw invalid(problems);
  } else if (found.length > MAX_INVITES) {
    throw tooLarge(`the program has ${found.length} participants: list them, at most ${MAX_INVITES} a request`);
  }
  const tokens = await issueParticipantTokens(
    c.var.db,
    program.orgId,
    program.id,
    found.map((p) => p.pk),
    c.var.now,
  );
  return c.json({ invites: found.map((p, i) => ({ id: p.id, displayName: p.displayName, token: tokens[i] })) }, 201);
});

handle(inviteRoutes, revokeTokensRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const participant = await participantOf(c, program);
  await revokeParticipantTokens(c.var.db, program.id, participant.pk, c.var.now);
  return c.body(null, 204);
});
