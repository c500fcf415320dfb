/** An event of a batch (SPEC §1, §3). Each is checked on its own, so one bad event rejects only itself. */
import { z } from "@hono/zod-openapi";
import { MAX_DECIMAL } from "../../scoring/decimal";
import { REJECTION_REASONS } from "../../scoring/ingestion";
import { utf8Length } from "../utf8";
import { characters, instant, text } from "./common";

export const MAX_EVENTS = 1000;
/** The most characters (code points) of an event's id and participant. */
export const MAX_ID_CHARACTERS = 128;
export const MAX_BATCH_BYTES = 1024 * 1024;
const MAX_ATTRIBUTES_BYTES = 2048;

const attributeValue = z.union([text(), z.number(), z.boolean(), z.null()]);

export const eventSchema = z.strictObject({
  id: characters(1, MAX_ID_CHARACTERS),
  participant: characters(1, MAX_ID_CHARACTERS),
  metric: text().min(1).max(64),
  occurredAt: instant,
  value: z.number().min(0, "must be at least 0").max(MAX_DECIMAL, `must be at most ${MAX_DECIMAL}`).optional(),
  attributes: z
    .record(text(), attributeValue, "must be a flat JSON object of strings, numbers, booleans and nulls")
    .refine((a) => utf8Length(JSON.stringify(a)) <= MAX_ATTRIBUTES_BYTES, "must be at most 2 KB")
    .optional(),
});

/** The batch envelope; its events are validated one by one. */
export const eventBatchBody = z.strictObject({
  events: z.array(z.unknown()).min(1, "must hold at least 1 event"),
});

/**
 * The batch as documented: the envelope above, each event of `eventSchema` (checked one by one:
 * an invalid event is rejected as `invalid`, the others still count).
 */
export const eventBatchDocument = z.strictObject({ events: z.array(eventSchema).min(1).max(MAX_EVENTS) }).openapi("EventBatch", {
  example: {
    events: [
      { id: "evt-2026-11-18-0001", participant: "p-01", metric: "social-post", occurredAt: "2026-11-18T09:30:00Z" },
      {
        id: "evt-2026-11-18-0002",
        participant: "p-01",
        metric: "call-prep",
        occurredAt: "2026-11-18T10:05:00+01:00",
        value: 25,
        attributes: { crm: "hubspot" },
      },
    ],
  },
});

export const ingestAnswer = z
  .object({
    accepted: z.number().int().openapi({ example: 1 }),
    duplicates: z.number().int().openapi({ example: 0 }),
    rejected: z.array(
      z.object({
        index: z.number().int().openapi({ example: 1 }),
        id: z.string().nullable().openapi({ example: "evt-2026-11-18-0002" }),
        reason: z.enum(REJECTION_REASONS).openapi({ example: "unknown_metric" }),
        message: z.string().openapi({ example: 'no metric "call-prep" in this program' }),
      }),
    ),
  })
  .openapi("IngestResult");
