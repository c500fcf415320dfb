/**
 * What a seller last saw on this device (their rank on a board, their level), kept in
 * localStorage, so a rise since then can be celebrated once. Nothing leaves the device.
 */

/** A figure to compare with the last one seen: a rank (lower is better) or a level's points (higher is better). */
export interface Moment {
  key: string;
  value: number | null;
  better: "lower" | "higher";
  /** What to say when the value has improved since `before`. */
  say: (before: number) => string;
}

const PREFIX = "leadboard:seen:";

/** Remembers each moment's value; answers what to say for those that improved since they were last seen. */
export function rises(moments: readonly Moment[], storage: Storage | null = safeStorage()): string[] {
  if (!storage) return [];
  const said: string[] = [];
  for (const m of moments) {
    if (m.value === null) continue;
    const stored = storage.getItem(PREFIX + m.key);
    const before = stored === null ? null : Number(stored);
    if (before !== null && Number.isFinite(before) && (m.better === "lower" ? m.value < before : m.value > before)) said.push(m.say(before));
    try {
      storage.setItem(PREFIX + m.key, String(m.value));
    } catch {
      // A full or refused storage only costs the next celebration.
    }
  }
  return said;
}

/** localStorage where the browser lets the page use it (private modes may not). */
function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The key of a seller's rank on one board. */
export const rankKey = (slug: string, id: string, board: { scope: string; period: string; metric?: string | null; cohort?: string | null }) =>
  `rank:${slug}:${id}:${board.scope}:${board.period}:${board.metric ?? ""}:${board.cohort ?? ""}`;

export const levelKey = (slug: string, id: string) => `level:${slug}:${id}`;
