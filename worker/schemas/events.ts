/** An event of a batch (SPEC §1, §3). Each is checked on its own, so one bad event rejects only itself. */
import { z } from "zod";
import { MAX_DECIMAL } from "../../scoring/decimal";
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
