/**
 * The API's error codes (SPEC §4): a closed set, each with its one status. The worker builds every
 * error answer from a code (errors.ts); the site imports this module (alias `$errors`) to read the
 * codes it checks, so it imports nothing of the worker's runtime.
 */
export const ERROR_STATUS = {
  /** The body or a query is not what the route reads (not JSON, wrong type at the top). */
  malformed: 400,
  /** No credential, or one that is unknown, revoked or expired. */
  unauthorized: 401,
  /** A credential without the right to do this. */
  forbidden: 403,
  /** Unknown, another organisation's, or not published to this caller. */
  not_found: 404,
  /** A manager with that e-mail exists already in the organisation. */
  email_taken: 409,
  /** The organisation or program slug is taken. */
  slug_taken: 409,
  /** Teams that still have participants cannot be removed. */
  team_in_use: 409,
  /** The timezone cannot change once the program has events. */
  timezone_locked: 409,
  /** An opt-in or opt-out earlier than the participant's latest one. */
  toggle_out_of_order: 409,
  /** The week has not ended in the program's timezone. */
  week_not_ended: 409,
  /** The body is larger than the route allows. */
  too_large: 413,
  /** The body is not sent as application/json. */
  unsupported_media_type: 415,
  /** Well-formed but invalid: `details` lists each field's problem. */
  invalid: 422,
  /** Too many requests: retry after the Retry-After header's seconds. */
  rate_limited: 429,
  /** Something went wrong on the API's side; nothing was stored. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];
/** The codes of one status, e.g. `CodeOf<409>` for the conflicts. */
export type CodeOf<S extends ErrorStatus> = { [C in ErrorCode]: (typeof ERROR_STATUS)[C] extends S ? C : never }[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);

/**
 * The code of an error a library raised with a status only (hono's HTTPException): the status's
 * one code, or none where it has several (409) or none.
 */
export function codeOfStatus(status: number): ErrorCode | undefined {
  const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === status);
  return codes.length === 1 ? codes[0] : undefined;
}

/** One field's problem, in the `details` of a 422. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Every error answer: `{"error": {"code", "message", "details"?}}`. */
export interface ErrorBody<C extends ErrorCode = ErrorCode> {
  error: { code: C; message: string; details?: unknown };
}
