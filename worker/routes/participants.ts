/** A program's participants (SPEC §4): upserting them, erasing one, a participant's token, and opting in or out. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAdmin, requireSelf } from "../auth";
import { readBody, readJson, validate } from "../body";
import type { AppEnv } from "../context";
import { forgetParticipantCredentials, issueParticipantToken } from "../db/credentials";
import { unwrap } from "../engine/outcome";
import { invalid, tooLarge } from "../errors";
import { engine, findParticipantOf, participantOf, programOf } from "../lookup";
import { emptyAnswer, handle, jsonAnswer, jsonBody, participantParam, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { MAX_PARTICIPANTS, optAnswer, optToggleBody, tokenAnswer, upsertAnswer, upsertParticipantsBody } from "../schemas/participants";
import { FUTURE_TOLERANCE_MS } from "../../scoring/ingestion";
import { eraseFromDeliveries } from "../db/webhook-deliveries";

const upsertRoute = createRoute({
  method: "put",
  path: "/{program}/participants",
  summary: "Upsert participants",
  description: `1–${MAX_PARTICIPANTS} participants a request (more: 413).`,
  tags: ["Participants"],
  security: withCredential,
  request: { params: z.object({ program: programParam }), body: jsonBody(upsertParticipantsBody) },
  responses: {
    200: jsonAnswer(upsertAnswer, "how many were upserted"),
    ...errorAnswers(400, 401, 403, 404, 413, 415, 422),
  },
});

const eraseRoute = createRoute({
  method: "delete",
  path: "/{program}/participants/{id}",
  summary: "Erase a participant",
  description: "Erases the participant's events, rollups, tokens, opt-in history and entries in stored reports.",
  tags: ["Participants"],
  security: withCredential,
  request: { params: z.object({ program: programParam, id: participantParam }) },
  responses: {
    204: emptyAnswer("erased"),
    ...errorAnswers(401, 403, 404),
  },
});

const tokenRoute = createRoute({
  method: "post",
  path: "/{program}/participants/{id}/token",
  summary: "Issue a participant token",
  tags: ["Participants"],
  security: withCredential,
  request: { params: z.object({ program: programParam, id: participantParam }) },
  responses: {
    201: jsonAnswer(tokenAnswer, "the token, shown once"),
    ...errorAnswers(401, 403, 404),
  },
});

const toggleRoute = (toggle: "opt-in" | "opt-out") =>
  createRoute({
    method: "post",
    path: `/{program}/participants/{id}/${toggle}`,
    summary: toggle === "opt-in" ? "Opt a participant in" : "Opt a participant out",
    description: "Admin or that participant's token; `at` defaults to now and must not be in the future.",
    tags: ["Participants"],
    security: withCredential,
    request: { params: z.object({ program: programParam, id: participantParam }), body: jsonBody(optToggleBody, { required: false }) },
    responses: {
      200: jsonAnswer(optAnswer, "the participant's opt-in state"),
      ...errorAnswers(400, 401, 403, 404, 409, 413, 415, 422),
    },
  });

export const participantRoutes = routes();

handle(participantRoutes, upsertRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const body = await readJson(c);
  const list = (body as { participants?: unknown })?.participants;
  if (Array.isArray(list) && list.length > MAX_PARTICIPANTS) {
    throw tooLarge(`at most ${MAX_PARTICIPANTS} participants a request`);
  }
  const { participants } = validate(upsertParticipantsBody, body);
  return c.json({ upserted: await unwrap(engine(c, program).upsertParticipants(participants, c.var.now)) });
});

handle(participantRoutes, eraseRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const pk = await unwrap(engine(c, program).erase(c.req.param("id")));
  await forgetParticipantCredentials(c.var.db, program.id, pk);
  await eraseFromDeliveries(c.var.db, program.id, c.req.param("id"));
  return c.body(null, 204);
});

handle(participantRoutes, tokenRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const participant = await participantOf(c, program);
  return c.json({ token: await issueParticipantToken(c.var.db, program.orgId, program.id, participant.pk, c.var.now) }, 201);
});

/** Opts the path's participant in or out. */
const toggle = (optedIn: boolean) => async (c: Context<AppEnv>) => {
  const program = await programOf(c);
  const participant = await findParticipantOf(c, program);
  requireSelf(c.var.principal, program, participant?.pk ?? null);
  const body = await readBody(c, optToggleBody, { optional: true });
  const found = participant ?? (await participantOf(c, program));
  const at = body.at ?? c.var.now;
  if (at > c.var.now + FUTURE_TOLERANCE_MS) throw invalid([{ path: "at", message: "must not be in the future" }]);
  return c.json(await unwrap(engine(c, program).toggleOptIn(found.id, optedIn, at)));
};

handle(participantRoutes, toggleRoute("opt-in"), toggle(true));
handle(participantRoutes, toggleRoute("opt-out"), toggle(false));
