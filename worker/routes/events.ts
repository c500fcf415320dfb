import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requireIngest } from "../auth";
import { readJson, validate } from "../body";
import type { AppEnv } from "../context";
import { tooLarge } from "../errors";
import { ingestBatch } from "../ingest";
import { programOf } from "../lookup";
import { eventBatchBody, MAX_BATCH_BYTES, MAX_EVENTS } from "../schemas/events";

export const eventRoutes = new Hono<AppEnv>().post(
  "/:program/events",
  bodyLimit({
    maxSize: MAX_BATCH_BYTES,
    onError: () => {
      throw tooLarge("a batch may be at most 1 MiB");
    },
  }),
  async (c) => {
    const program = await programOf(c);
    requireIngest(c.var.principal, program);
    const body = await readJson(c);
    const events = (body as { events?: unknown })?.events;
    if (Array.isArray(events) && events.length > MAX_EVENTS) throw tooLarge(`a batch holds at most ${MAX_EVENTS} events`);
    const batch = validate(eventBatchBody, body);
    return c.json(await ingestBatch(c.var.db, program, batch.events, c.var.now));
  },
);
