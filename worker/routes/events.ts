/**
 * POST /v1/programs/{program}/events (SPEC §3) in two D1 round trips: the batch's reads (metrics,
 * opt-in histories, stored ids) start before authentication, keyed by the program's slug, so they
 * travel in one batch with the credential's and the program's lookups (lookup.ts); the atomic
 * write is the other. For that the body is read first (`startIngest`). What the route decides,
 * and in which order its errors come, is as it was: nothing read is used before the caller may post.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { namesPoster, requireIngest } from "../auth";
import { parseJson, validate } from "../body";
import type { AppEnv } from "../context";
import { programIdBySlug } from "../db/programs";
import { tooLarge } from "../errors";
import { type IngestReads, ingestBatch, startIngestReads } from "../ingest";
import { programOf, started } from "../lookup";
import { eventBatchBody, MAX_BATCH_BYTES, MAX_EVENTS } from "../schemas/events";

/** A post's body, read before authentication (`startIngest`) or in the route, and the batch's reads if they started early. */
export interface StartedIngest {
  /** False where the body is over MAX_BATCH_BYTES (and was not read). */
  withinLimit: boolean;
  /** The body as JSON; throws what reading it answers (415, 400), where the route reads it. */
  json: () => unknown;
  /** The batch's reads, for the program the path names. */
  reads?: Promise<IngestReads>;
}

/**
 * For POST /v1/programs/:program/events, before the program's lookup and authentication (app.ts):
 * for a caller whose header names a credential that may post (`namesPoster`), the body is read
 * and parsed, and the batch's reads started. They are wasted where that credential is then
 * refused (401, 403, or 429 past the rate limit): the round trip that carries them also looks up
 * the batch's ids and participants, up to 2000 index lookups. Any other caller's body is read in
 * the route, and never parsed before the caller is refused.
 */
export const startIngest = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "POST" && namesPoster(c.req.header("Authorization"))) {
    const ingest = bodyOf(c, await textWithinLimit(c));
    // No await from here to next(): the reads must start in the tick the credential's lookup does.
    c.set("ingest", { ...ingest, reads: earlyReads(c, ingest) });
  }
  return next();
});

/** The body's text, read up to MAX_BATCH_BYTES (hono's bodyLimit); undefined where it is over. */
async function textWithinLimit(c: Context<AppEnv>): Promise<string | undefined> {
  let text: string | undefined;
  await bodyLimit({ maxSize: MAX_BATCH_BYTES, onError: (c) => c.body(null, 413) })(c, async () => {
    text = await c.req.text();
  });
  return text;
}

/** The body, parsed as JSON when first asked for (and once). */
function bodyOf(c: Context<AppEnv>, text: string | undefined): StartedIngest {
  const contentType = c.req.header("Content-Type");
  let body: { value: unknown } | { error: unknown } | undefined;
  return {
    withinLimit: text !== undefined,
    json: () => {
      body ??= jsonOf(text!, contentType);
      if ("error" in body) throw body.error;
      return body.value;
    },
  };
}

/** The batch's reads, for a body within the limit that holds a list of events a batch may hold. */
function earlyReads(c: Context<AppEnv>, ingest: StartedIngest): Promise<IngestReads> | undefined {
  if (!ingest.withinLimit) return undefined;
  let events: unknown;
  try {
    events = (ingest.json() as { events?: unknown } | null)?.events;
  } catch {
    return undefined; // thrown again where the route reads the body
  }
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS) return undefined;
  return started(startIngestReads(c.var.db, programIdBySlug(c.req.param("program")!), events));
}

function jsonOf(text: string, contentType?: string): { value: unknown } | { error: unknown } {
  try {
    return { value: parseJson(text, contentType) };
  } catch (error) {
    return { error };
  }
}

export const eventRoutes = new Hono<AppEnv>().post("/:program/events", async (c) => {
  const ingest = c.var.ingest ?? bodyOf(c, await textWithinLimit(c));
  if (!ingest.withinLimit) throw tooLarge("a batch may be at most 1 MiB");
  const program = await programOf(c);
  requireIngest(c.var.principal, program);
  const body = ingest.json();
  const events = (body as { events?: unknown })?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS) throw tooLarge(`a batch holds at most ${MAX_EVENTS} events`);
  const batch = validate(eventBatchBody, body);
  // Started early for every caller who may post; the route does not lean on that.
  const reads = ingest.reads ?? startIngestReads(c.var.db, program.id, batch.events);
  return c.json(await ingestBatch(c.var.db, program, batch.events, c.var.now, reads));
});
