/**
 * Every body is capped before anything reads or parses it: 413 `too_large` past the limit, from the
 * Content-Length header at once, or while reading a body sent without one (hono's bodyLimit).
 * Documents of up to 1000 items (the program, participants) may be 4 MiB: the largest valid one,
 * 1000 participants or teams with names of 200 four-byte characters, is about 2 MB in UTF-8. Every
 * other body is small. An event batch caps its own body at 1 MiB (SPEC §3; routes/events.ts), after
 * the credential is checked. A route reads its body only after the caller may call it.
 */
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";
import { tooLarge } from "./errors";

export const LARGE_BODY_BYTES = 4 * 1024 * 1024;
export const SMALL_BODY_BYTES = 16 * 1024;

/** Paths whose bodies may be large: the program document, and participants (an upsert and its dry run). */
const LARGE_BODIES = [/^\/v1\/programs\/[^/]+$/, /^\/v1\/programs\/[^/]+\/participants(\/check)?$/];
const EVENT_BATCH = /^\/v1\/programs\/[^/]+\/events$/;

const limits = new Map(
  [LARGE_BODY_BYTES, SMALL_BODY_BYTES].map((maxSize) => [
    maxSize,
    bodyLimit({
      maxSize,
      onError: () => {
        throw tooLarge(`the body may be at most ${maxSize / 1024} KiB here`);
      },
    }),
  ]),
);

export const limitBodies = createMiddleware<AppEnv>(async (c, next) => {
  const path = c.req.path;
  if (c.req.method === "POST" && EVENT_BATCH.test(path)) return next();
  const maxSize = LARGE_BODIES.some((pattern) => pattern.test(path)) ? LARGE_BODY_BYTES : SMALL_BODY_BYTES;
  return limits.get(maxSize)!(c, next);
});
