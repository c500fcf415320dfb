/**
 * The one shape of every error answer (SPEC §4):
 * `{"error": {"code": "...", "message": "...", "details": ...}}` with a fitting status.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** One field's problem, in the `details` of a 422. */
export interface FieldProblem {
  path: string;
  message: string;
}

export const malformed = (message: string) => new ApiError(400, "malformed", message);
export const unauthorized = (message = "a valid credential is required: Authorization: Bearer <secret>") =>
  new ApiError(401, "unauthorized", message);
export const forbidden = (message = "this credential may not do that") => new ApiError(403, "forbidden", message);
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (code: string, message: string, details?: unknown) => new ApiError(409, code, message, details);
export const tooLarge = (message: string) => new ApiError(413, "too_large", message);
export const unsupportedMediaType = () =>
  new ApiError(415, "unsupported_media_type", "send the body as application/json");
export const invalid = (details: FieldProblem[], message = "the request is well-formed but invalid") =>
  new ApiError(422, "invalid", message, details);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(429, "rate_limited", "too many requests; retry later", undefined, {
    "Retry-After": String(retryAfterSeconds),
  });

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Hono's onError: known errors get their status; anything else is a 500 that says nothing more. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(status === 413 ? "too_large" : "error", err.message || "request refused"), status);
  }
  console.error(err);
  return c.json(errorBody("internal", "something went wrong on our side; nothing was stored"), 500);
}

export const handleNotFound = (c: Context) =>
  c.json(errorBody("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
