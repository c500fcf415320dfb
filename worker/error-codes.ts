/**
 * The API's error codes (SPEC §4): a closed set, each with its one status. The worker builds every
 * error answer from a code (errors.ts); the site imports this module (alias `$errors`) to read the
 * codes it checks, so it imports nothing of the worker's runtime.
 */
export const ERROR_STATUS = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  email_taken: 409,
  slug_taken: 409,
  team_in_use: 409,
  timezone_locked: 409,
  toggle_out_of_order: 409,
  week_not_ended: 409,
  too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];
/** The codes of one status, e.g. `CodeOf<409>` for the conflicts. */
export type CodeOf<S extends ErrorStatus> = { [C in ErrorCode]: (typeof ERROR_STATUS)[C] extends S ? C : never }[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** What each code means, for people: the API reference lists them (site /docs/api). */
export const ERROR_MEANING: { readonly [C in ErrorCode]: string } = {
  malformed: "The body is not JSON; or a board's `cursor` is not one the API gave out, belongs to another query, or comes with `around`.",
  unauthorized: "No credential, or one that is unknown, revoked or expired.",
  forbidden: "The credential may not do this.",
  not_found: "Not found; also another organisation's things, and participants not published to this caller.",
  email_taken: "A manager with that e-mail address exists already in the organisation.",
  slug_taken: "The organisation's or program's slug is taken.",
  team_in_use: "Teams that still have participants cannot be removed; `details.teams` names them.",
  timezone_locked: "The timezone cannot change once the program has events.",
  toggle_out_of_order: "An opt-in or opt-out earlier than the participant's latest one.",
  week_not_ended: "The week has not ended yet in the program's timezone.",
  too_large: "The body, or a list in it, is larger than the route allows.",
  unsupported_media_type: "The body is not sent as application/json.",
  invalid: "Well-formed but invalid: `details` lists each field's problem as `{path, message}`.",
  rate_limited: "Too many requests: retry after the seconds of the Retry-After header.",
  internal: "Something went wrong on the API's side; nothing was stored.",
};

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
