/**
 * The one shape of every error answer (SPEC §4):
 * `{"error": {"code": "...", "message": "...", "details": ...}}` with the code's one status
 * (error-codes.ts).
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { codeOfStatus, ERROR_STATUS, type CodeOf, type ErrorBody, type ErrorCode, type FieldProblem } from "./error-codes";

export { ERROR_STATUS, isErrorCode, type ErrorCode, type FieldProblem } from "./error-codes";

export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  /** The code's status: never chosen apart from the code. */
  readonly status: (typeof ERROR_STATUS)[C];
  constructor(
    readonly code: C,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const malformed = (message: string) => new ApiError("malformed", message);
export const unauthorized = (message = "a valid credential is required: Authorization: Bearer <secret>") => new ApiError("unauthorized", message);
export const forbidden = (message = "this credential may not do that") => new ApiError("forbidden", message);
export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);
export const conflict = (code: CodeOf<409>, message: string, details?: unknown) => new ApiError(code, message, details);
export const tooLarge = (message: string) => new ApiError("too_large", message);
export const unsupportedMediaType = () => new ApiError("unsupported_media_type", "send the body as application/json");
export const invalid = (details: FieldProblem[], message = "the request is well-formed but invalid") => new ApiError("invalid", message, details);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError("rate_limited", "too many requests; retry later", undefined, { "Retry-After": String(retryAfterSeconds) });

export function errorBody<C extends ErrorCode>(code: C, message: string, details?: unknown): ErrorBody<C> {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const INTERNAL_MESSAGE = "something went wrong on our side; nothing was stored";

/** Hono's onError: known errors get their code's status; anything else is a 500 that says nothing more. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
  }
  // A library's refusal by status only (hono's bodyLimit answers 413): that status's one code.
  const code = err instanceof HTTPException ? codeOfStatus(err.status) : undefined;
  if (code) return c.json(errorBody(code, err.message || "request refused"), ERROR_STATUS[code]);
  console.error(err);
  return c.json(errorBody("internal", INTERNAL_MESSAGE), ERROR_STATUS.internal);
}

export const handleNotFound = (c: Context) =>
  c.json(errorBody("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), ERROR_STATUS.not_found);
