/**
 * POST /v1/programs/{program}/events (SPEC §3): the worker reads and checks the batch, each event
 * through its schema; the program's engine judges and stores it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requireIngest } from "../auth";
import { fieldProblems, readJson, validate } from "../body";
import type { ParsedEvent } from "../engine/ingest";
import { unwrap } from "../engine/outcome";
import { tooLarge } from "../errors";
import { engine, programOf } from "../lookup";
import { handle, jsonAnswer, jsonBody, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { eventBatchBody, eventBatchDocument, eventSchema, ingestAnswer, MAX_BATCH_BYTES, MAX_EVENTS } from "../schemas/events";
import { canonicalAttributes } from "../../scoring/ingestion";

const postEventsRoute = createRoute({
  method: "post",
  path: "/{program}/events",
  summary: "Post a batch of events",
  description: `Admin or the program's ingest key. At most ${MAX_EVENTS} events and 1 MiB a batch; each event is judged on its own (SPEC §3).`,
  tags: ["Events"],
  security: withCredential,
  request: { params: z.object({ program: programParam }), body: jsonBody(eventBatchDocument) },
  responses: {
    200: jsonAnswer(ingestAnswer, "what was accepted, what was a duplicate, and why each rejected event was"),
    ...errorAnswers(400, 401, 403, 404, 413, 415, 422, 429),
  },
});

/** A batch's body is capped here, after the credential is known (worker/body-limits.ts). */
const batchLimit = bodyLimit({
  maxSize: MAX_BATCH_BYTES,
  onError: () => {
    throw tooLarge("a batch may be at most 1 MiB");
  },
});

export const eventRoutes = routes();

handle(
  eventRoutes,
  postEventsRoute,
  async (c) => {
    const program = await programOf(c);
    requireIngest(c.var.principal, program);
    const body = await readJson(c);
    const events = (body as { events?: unknown })?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS) throw tooLarge(`a batch holds at most ${MAX_EVENTS} events`);
    const batch = validate(eventBatchBody, body);
    return c.json(await unwrap(engine(c, program).ingest(batch.events.map(parseEvent), c.var.now)));
  },
  { before: [batchLimit] },
);

/** An event through its schema: its fields typed, or why it is invalid (the batch's other events still count). */
function parseEvent(raw: unknown): ParsedEvent {
  const result = eventSchema.safeParse(raw);
  if (!result.success) {
    const problem = fieldProblems(result.error)[0];
    const id = (raw as { id?: unknown } | null)?.id;
    return { invalid: `${problem.path}: ${problem.message}`, id: typeof id === "string" ? id : null };
  }
  const { attributes, ...event } = result.data;
  return { ...event, attributes: canonicalAttributes(attributes) };
}
