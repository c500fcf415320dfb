/** Field schemas shared by the request bodies. */
import { z } from "@hono/zod-openapi";
import { toHundredths } from "../../scoring/decimal";
import { EARLIEST_INSTANT, LATEST_INSTANT, parseInstant, withinCalendar } from "../../scoring/instants";
import { isProgramDate, parseLocalDate } from "../../scoring/periods";
import { ERROR_CODES, ERROR_STATUS, type ErrorCode, type ErrorStatus } from "../error-codes";
import { isWellFormed } from "../unicode";

export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Any text of a request: well-formed Unicode. A lone UTF-16 surrogate (JSON "\ud800") becomes
 * U+FFFD in D1's UTF-8, so two different ids would be stored as one: refused as invalid.
 */
export const text = () => z.string().refine(isWellFormed, "must be well-formed Unicode (no lone surrogate)");

export const slug = text().regex(SLUG, "must match ^[a-z0-9][a-z0-9-]{0,63}$");

/** Text of `min`–`max` characters (code points). */
export const characters = (min: number, max: number) =>
  text().refine((s) => {
    // A string of n UTF-16 units holds n/2 to n code points: count them only when that spans a bound.
    if (s.length <= max && Math.ceil(s.length / 2) >= min) return true;
    const length = [...s].length;
    return length >= min && length <= max;
  }, `must be ${min} to ${max} characters`);

/** Text of `min`–`max` characters, none of them control characters. */
export const printable = (min: number, max: number) => characters(min, max).refine((s) => !/\p{Cc}/u.test(s), "must not contain control characters");

/** A name shown to people: trimmed, 1–200 characters. */
export const displayText = printable(1, 200)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, "must not be blank");

/** A decimal with at most 2 places, as integer hundredths. */
export const hundredths = ({ positive }: { positive: boolean }) =>
  z
    .number()
    .refine((n) => (positive ? n > 0 : n >= 0), positive ? "must be greater than 0" : "must be at least 0")
    .refine((n) => toHundredths(n) !== null, "must have at most 2 decimal places and be at most 1000000000")
    .transform((n) => toHundredths(n)!);

export const localDate = z.string().refine((s) => {
  const date = parseLocalDate(s);
  return date !== null && isProgramDate(date);
}, "must be a date YYYY-MM-DD from 0001-01-01 to 9999-12-31");

const instantBounds = `${new Date(EARLIEST_INSTANT).toISOString()} to ${new Date(LATEST_INSTANT - 1).toISOString()}`;

/**
 * An RFC 3339 timestamp with `Z` or an offset, as epoch ms (read once: ingestion reads one per
 * event), at least a day inside years 0001–9999 (scoring/instants.ts: its local day is then a date
 * in every zone).
 */
export const instant = z.string().transform((s, ctx) => {
  const ms = parseInstant(s);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: "must be an RFC 3339 timestamp with Z or an offset" });
    return z.NEVER;
  }
  if (!withinCalendar(ms)) {
    ctx.addIssue({ code: "custom", message: `must be from ${instantBounds}` });
    return z.NEVER;
  }
  return ms;
});

// Answers (SPEC §4): the one error body, and the answer schemas the routes declare.

/** The error code: the closed list of worker/error-codes.ts, each with its one status. */
export const errorCode = z
  .enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]])
  .openapi({ description: "what went wrong, for programs; each code always comes with the same status", example: "not_found" });

/** One field's problem, in the `details` of a 422 (worker/errors.ts FieldProblem). */
export const fieldProblemSchema = z
  .object({
    path: z.string().openapi({ description: "the field, such as metrics[0].points; (body) for the whole body", example: "metrics[0].points" }),
    message: z.string().openapi({ example: "must have at most 2 decimal places and be at most 1000000000" }),
  })
  .openapi("FieldProblem");

const errorEnvelope = <D extends z.ZodType>(details: D) =>
  z.object({
    error: z.object({
      code: errorCode,
      message: z.string().openapi({ description: "what went wrong, for people", example: "program not found" }),
      details,
    }),
  });

/** Every error answer: `{"error": {"code", "message", "details"?}}`. */
export const errorSchema = errorEnvelope(z.unknown().optional().openapi({ description: "more about the error, where there is more" })).openapi("Error");

/** A 422: the same body, whose `details` list each invalid field. */
export const invalidSchema = errorEnvelope(z.array(fieldProblemSchema)).openapi("Invalid", {
  example: { error: { code: "invalid", message: "the request is well-formed but invalid", details: [{ path: "name", message: "must not be blank" }] } },
});

/** What each error status means; its codes are named from the one list (worker/error-codes.ts). */
const ERROR_ANSWERS: { readonly [S in ErrorStatus]: string } = {
  400: "malformed: the body is not JSON, or a cursor that is not one for this query",
  401: "no credential, or one that is not valid",
  403: "a credential without the right",
  404: "not found, also for another organisation's things",
  409: "a conflict with what is stored, the code naming it",
  413: "the body or a list in it is too large",
  415: "the body is not application/json",
  422: "well-formed but invalid: `details` lists each field",
  429: "too many requests; retry after the Retry-After header's seconds",
  500: "something went wrong on the service's side; nothing was stored",
};

export type { ErrorStatus };

/** A status's meaning and its codes, e.g. "… (codes `email_taken`, `slug_taken`, …)". */
function errorAnswerDescription(status: ErrorStatus): string {
  const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === status).map((code) => `\`${code}\``);
  return `${ERROR_ANSWERS[status]} (${codes.length === 1 ? "code" : "codes"} ${codes.join(", ")})`;
}

/** The error answers of a route, by status: each the error body (a 422's with its field list). */
export function errorAnswers<const S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    [...statuses, 500 as const].map((status) => [
      status,
      { description: errorAnswerDescription(status), content: { "application/json": { schema: status === 422 ? invalidSchema : errorSchema } } },
    ]),
  ) as unknown as {
    [K in S | 500]: { description: string; content: { "application/json": { schema: K extends 422 ? typeof invalidSchema : typeof errorSchema } } };
  };
}

/** A period as answers show it: `start` is its first instant, `end` the first instant after it (SPEC §4). */
export const periodAnswer = z
  .object({
    kind: z.string().openapi({ example: "week" }),
    label: z.string().openapi({ example: "2026-W47" }),
    start: z.string().nullable().openapi({ example: "2026-11-16T00:00:00Z" }),
    end: z.string().nullable().openapi({ example: "2026-11-23T00:00:00Z" }),
  })
  .openapi("Period");
