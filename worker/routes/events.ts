/**
 * POST /v1/programs/{program}/events (SPEC §3): the worker reads and checks the batch, each event
 * through its schema; the program's engine judges and stores it.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requireIngest } from "../auth";
import { fieldProblems, readJson, validate } from "../body";
import type { AppEnv } from "../context";
import type { ParsedEvent } from "../engine/ingest";
import { unwrap } from "../engine/outcome";
import { tooLarge } from "../errors";
import { engine, programOf } from "../lookup";
import { eventBatchBody, eventSchema, MAX_BATCH_BYTES, MAX_EVENTS } from "../schemas/events";
import { canonicalAttributes } from "../../scoring/ingestion";

export const eventRoutes = new Hono<AppEnv>().post(
  "/:program/events",
  bodyLimit({ maxSize: MAX_BATCH_BYTES, onError: () => { throw tooLarge("a batch may be at most 1 MiB"); } }),
  async (c) => {
    const program = await programOf(c);
    requireIngest(c.var.principal, program);
    const body = await readJson(c);
    const events = (body as { events?: unknown })?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS) throw tooLarge(`a batch holds at most ${MAX_EVENTS} events`);
    const batch = validate(eventBatchBody, body);
    return c.json(await unwrap(engine(c, program).ingest(batch.events.map(parseEvent), c.var.now)));
  },
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
