import { Hono } from "hono";
import { requireAdmin, requireSelf } from "../auth";
import { readBody, readJson, validate } from "../body";
import type { AppEnv } from "../context";
import { createParticipantToken } from "../db/credentials";
import { eraseParticipant, toggleOptIn, upsertParticipants } from "../db/participants";
import { tooLarge } from "../errors";
import { findParticipantOf, participantOf, programOf } from "../lookup";
import { MAX_PARTICIPANTS, optToggleBody, upsertParticipantsBody } from "../schemas/participants";
import { formatInstant } from "../../scoring/instants";
import { FUTURE_TOLERANCE_MS } from "../../scoring/ingestion";
import { invalid } from "../errors";
import { forgetParticipant } from "../webhooks/forget";

export const participantRoutes = new Hono<AppEnv>()
  .put("/:program/participants", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const body = await readJson(c);
    const list = (body as { participants?: unknown })?.participants;
    if (Array.isArray(list) && list.length > MAX_PARTICIPANTS) {
      throw tooLarge(`at most ${MAX_PARTICIPANTS} participants a request`);
    }
    const { participants } = validate(upsertParticipantsBody, body);
    return c.json({ upserted: await upsertParticipants(c.var.db, program, participants, c.var.now) });
  })
  .delete("/:program/participants/:id", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const participant = await participantOf(c, program);
    await eraseParticipant(c.var.db, participant);
    await forgetParticipant(c.var.db, program.id, participant.id);
    return c.body(null, 204);
  })
  .post("/:program/participants/:id/token", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const participant = await participantOf(c, program);
    return c.json({ token: await createParticipantToken(c.var.db, program.orgId, program.id, participant.pk, c.var.now) }, 201);
  })
  .post("/:program/participants/:id/:toggle{opt-in|opt-out}", async (c) => {
    const program = await programOf(c);
    const participant = await findParticipantOf(c, program);
    requireSelf(c.var.principal, program, participant?.pk ?? null, false);
    const body = await readBody(c, optToggleBody, { optional: true });
    const found = participant ?? (await participantOf(c, program));
    const at = body.at ?? c.var.now;
    if (at > c.var.now + FUTURE_TOLERANCE_MS) throw invalid([{ path: "at", message: "must not be in the future" }]);
    const optedIn = c.req.param("toggle") === "opt-in";
    await toggleOptIn(c.var.db, program, found, optedIn, at);
    return c.json({ id: found.id, optedIn, at: formatInstant(at) });
  });
