/**
 * Private links in bulk, beyond the v1 contract: new tokens for many participants at once (each
 * revoking that participant's earlier tokens), and revoking one participant's tokens alone.
 */
import { Hono } from "hono";
import { requireAdmin } from "../auth";
import { readJson, validate } from "../body";
import type { AppEnv } from "../context";
import { issueParticipantTokens, revokeParticipantTokens } from "../db/credentials";
import { invalid, tooLarge } from "../errors";
import { engine, participantOf, programOf } from "../lookup";
import { invitesBody, MAX_INVITES } from "../schemas/invites";

export const inviteRoutes = new Hono<AppEnv>()
  .post("/:program/invites", async (c) => {
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
    const tokens = await issueParticipantTokens(c.var.db, program.orgId, program.id, found.map((p) => p.pk), c.var.now);
    return c.json({ invites: found.map((p, i) => ({ id: p.id, displayName: p.displayName, token: tokens[i] })) }, 201);
  })
  .delete("/:program/participants/:id/token", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const participant = await participantOf(c, program);
    await revokeParticipantTokens(c.var.db, program.id, participant.pk, c.var.now);
    return c.body(null, 204);
  });
