/** What a manager sees of recent ingestion: the last week's counts, rejections by reason with an example, and the latest batches. */
import { formatInstant } from "../../scoring/instants";
import type { EngineState } from "./state";

export const INGESTION_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const LATEST_BATCHES = 50;

interface LoggedRejections {
  byReason: Record<string, number>;
  examples: { reason: string; id: string | null; message: string }[];
}

export function ingestionView(state: EngineState, now: number) {
  const since = now - INGESTION_WINDOW_MS;
  const rows = state.storage.ingestionSince(since);
  const totals = { batches: rows.length, accepted: 0, duplicates: 0, rejected: 0 };
  const reasons = new Map<string, { reason: string; count: number; lastAt: number; example: { id: string | null; message: string } }>();
  for (const row of rows) {
    totals.accepted += row.accepted;
    totals.duplicates += row.duplicates;
    totals.rejected += row.rejectedCount;
    const logged = JSON.parse(row.rejected) as LoggedRejections;
    for (const [reason, count] of Object.entries(logged.byReason)) {
      const seen = reasons.get(reason);
      // Rows come newest first: the first example of a reason is its latest.
      const example = logged.examples.find((e) => e.reason === reason);
      if (seen) seen.count += count;
      else reasons.set(reason, { reason, count, lastAt: row.at, example: example ? { id: example.id, message: example.message } : { id: null, message: "" } });
    }
  }
  return {
    since: formatInstant(since),
    totals,
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count).map((r) => ({ ...r, lastAt: formatInstant(r.lastAt) })),
    batches: rows.slice(0, LATEST_BATCHES).map((r) => ({ at: formatInstant(r.at), accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejectedCount })),
  };
}
