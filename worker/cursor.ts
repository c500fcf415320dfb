/**
 * Keyset pagination cursors: the place in board order after which the next page starts, and the
 * query they belong to. A cursor is refused (400) with any other query.
 */
import { malformed } from "./errors";

export interface CursorState {
  /** What the cursor's query was: scope, period kind and label, cohort and limit. */
  query: string;
  score: number;
  id: string;
}

export function encodeCursor(state: CursorState): string {
  const bytes = new TextEncoder().encode(JSON.stringify([state.query, state.score, state.id]));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): CursorState {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const [query, score, id] = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (typeof query === "string" && Number.isSafeInteger(score) && typeof id === "string") return { query, score, id };
  } catch {
    // fall through to the refusal below
  }
  throw malformed("cursor: not a cursor this API gave out");
}
