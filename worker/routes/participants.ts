import { Hono } from "hono";
import { requireAdmin, requireSelf } from "../auth";
import { readBody, readJson, validate } from "../body";
import type { AppEnv } from "../context";
import { forgetParticipantCredentials, issueParticipantToken } from "../db/credentials";
import { unwrap } from "../engine/outcome";
import { invalid, tooLarge } from "../errors";
import { engine, findParticipantOf, participantOf, programOf } from "../lookup";
import { MAX_PARTICIPANTS, optToggleBody, upsertParticipantsBody } from "../schemas/participants";
import { FUTURE_TOLERANCE_MS } from "../../scoring/ingestion";
import { eraseFromDeliveries } from "../db/webhook-deliveries";

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
    return c.json({ upserted: await unwrap(engine(c, program).upsertParticipants(participants, c.var.now)) });
  })
  .delete("/:program/participants/:id", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const pk = await unwrap(engine(c, program).erase(c.req.param("id")));
    await forgetParticipantCredentials(c.var.db, program.id, pk);
    await eraseFromDeliveries(c.var.db, program.id, c.req.param("id"));
    return c.body(null, 204);
  })
  .post("/:program/participants/:id/token", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const participant = await participantOf(c, program);
    return c.json({ token: await issueParticipantToken(c.var.db, program.orgId, program.id, participant.pk, c.var.now) }, 201);
  })
  .post("/:program/participants/:id/:toggle{opt-in|opt-out}", async (c) => {
    const program = await programOf(c);
    const participant = await findParticipantOf(c, program);
    requireSelf(c.var.principal, program, participant?.pk ?? null);
    const body = await readBody(c, optToggleBody, { optional: true });
    const found = participant ?? (await participantOf(c, program));
    const at = body.at ?? c.var.now;
    if (at > c.var.now + FUTURE_TOLERANCE_MS) throw invalid([{ path: "at", message: "must not be in the future" }]);
    const optedIn = c.req.param("toggle") === "opt-in";
    return c.json(await unwrap(engine(c, program).toggleOptIn(found.id, optedIn, at)));
  });
