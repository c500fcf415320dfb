/**
 * What an engine call answers across RPC. Workers RPC keeps an error's message but not its class
 * or fields, so the engine answers an ApiError as data and the worker throws it again (its status
 * follows from its code).
 */
import { ApiError, type ErrorCode } from "../errors";

export type Outcome<T> = { ok: T } | { error: { code: ErrorCode; message: string; details?: unknown } };

/** Runs engine work, answering an ApiError it throws as an outcome; any other error stays an error. */
export function outcomeOf<T>(work: () => T): Outcome<T> {
  try {
    return { ok: work() };
  } catch (error) {
    if (error instanceof ApiError) return { error: { code: error.code, message: error.message, details: error.details } };
    throw error;
  }
}

/** JSON text of a `T`: what a hot read answers, so one string crosses RPC rather than an object graph cloned and then serialised again. */
export type JsonText<T> = string & { readonly json: T };

/** As outcomeOf, with the answer as its JSON text. */
export function jsonOutcomeOf<T>(work: () => T): Outcome<JsonText<T>> {
  return outcomeOf(() => JSON.stringify(work()) as JsonText<T>);
}

/** The value of an outcome, or its ApiError thrown again. */
export async function unwrap<T>(outcome: Promise<Outcome<T>> | Outcome<T>): Promise<T> {
  const o = await outcome;
  if ("ok" in o) return o.ok;
  throw new ApiError(o.error.code, o.error.message, o.error.details);
}
