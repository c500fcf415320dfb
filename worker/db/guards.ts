/**
 * Optimistic writes on D1, which has no interactive transactions: a write decided on earlier
 * reads adds a guard to its batch that fails the whole batch if what it read no longer holds,
 * and the caller reads again and retries.
 */
import { type SQL, sql } from "drizzle-orm";

/** A batch statement that stores nothing while `stillTrue` holds, and fails the batch once it does not. */
export const guard = (stillTrue: SQL): SQL => sql`INSERT INTO batch_guards (still_true) SELECT 0 WHERE NOT (${stillTrue})`;

/** Whether a batch failed on one of its guards (the CHECK of batch_guards, schema.ts). */
export const failedGuard = (error: unknown): boolean => error instanceof Error && /read_still_true/.test(`${error.message} ${String(error.cause ?? "")}`);

/** Runs `attempt` (reads, then a guarded batch) until its guards hold, at most `times` times. */
export async function retryingStaleReads<T>(attempt: () => Promise<T>, times = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!failedGuard(error) || i >= times) throw error;
    }
  }
}
