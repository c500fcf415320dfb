/**
 * Keyset pagination cursors: the place in board order after which the next page starts, and the
 * query they belong to. A cursor is refused (400) with any other query.
 */
import { base64url, fromBase64url } from "./base64url";
import { malformed } from "./errors";

export interface CursorState {
  /** What the cursor's query was: scope, period kind and label, cohort and limit. */
  query: string;
  score: number;
  id: string;
}

export function encodeCursor(state: CursorState): string {
  return base64url(new TextEncoder().encode(JSON.stringify([state.query, state.score, state.id])));
}

export function decodeCursor(cursor: string): CursorState {
  try {
    const [query, score, id] = JSON.parse(new TextDecoder().decode(fromBase64url(cursor)));
    if (typeof query === "string" && Number.isSafeInteger(score) && typeof id === "string") return { query, score, id };
  } catch {
    // fall through to the refusal below
  }
  throw malformed("cursor: not a cursor this API gave out");
}
