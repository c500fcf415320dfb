/**
 * The queue of outbound webhook deliveries (webhooks/deliveries.ts sends them): rows queued per
 * subscription, claimed by one run at a time, updated with each attempt's outcome.
 */
import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "./client";
import { programs, webhookDeliveries, webhooks } from "./schema";

/** How long an attempt holds its delivery, so two runs of the job never send it twice at once. */
const LEASE_MS = 5 * 60_000;
/** D1 binds at most 100 parameters a statement: 7 a row, so 14 rows each. */
const ROWS_PER_INSERT = 14;

/** Queues one pending delivery of `payload` per subscription, all in one atomic batch. */
export async function queueDeliveries(db: Db, webhookIds: number[], event: string, payload: string, now: number): Promise<void> {
  if (webhookIds.length === 0) return;
  const rows = webhookIds.map((webhookId) => ({ webhookId, event, payload, status: "pending" as const, attempts: 0, nextAttemptAt: now, createdAt: now }));
  const chunks = Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, i) => rows.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT));
  const [first, ...rest] = chunks.map((chunk) => db.insert(webhookDeliveries).values(chunk));
  await db.batch([first, ...rest]);
}

/** Up to 50 pending deliveries whose next attempt is due, soonest first, with where they go. */
export function dueDeliveries(db: Db, now: number, programId?: number) {
  return db
    .select({ d: webhookDeliveries, url: webhooks.url, secret: webhooks.secret, format: webhooks.format, programName: programs.name })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(programs, eq(programs.id, webhooks.programId))
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
        programId === undefined ? undefined : eq(webhooks.programId, programId),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(50);
}

/** Takes the delivery for this run: only one run moves its next attempt from the time it saw. */
export async function claimDelivery(db: Db, id: number, seen: number, now: number): Promise<boolean> {
  const result = await db.run(sql`UPDATE webhook_deliveries SET next_attempt_at = ${now + LEASE_MS} WHERE id = ${id} AND next_attempt_at = ${seen}`);
  return result.meta.changes > 0;
}

export type DeliveryUpdate = Pick<typeof webhookDeliveries.$inferInsert, "attempts" | "status" | "nextAttemptAt" | "lastStatus" | "lastError" | "deliveredAt">;

export async function recordAttempt(db: Db, id: number, update: DeliveryUpdate): Promise<void> {
  await db.update(webhookDeliveries).set(update).where(eq(webhookDeliveries.id, id));
}

/**
 * Erasure reaches webhooks: every stored payload of the program's subscriptions loses the erased
 * participant, as stored reports do (engine/reports.ts), so a retry after the erasure sends
 * neither their id nor their name. Their rank stays a gap, and `total` the count it was.
 */
export async function eraseFromDeliveries(db: Db, programId: number, participantId: string): Promise<void> {
  const entriesWithout = sql`(SELECT json_group_array(json(value)) FROM json_each(payload, '$.data.entries') WHERE value->>'id' IS NOT ${participantId})`;
  const idsWithout = (path: string) => sql`(SELECT json_group_array(value) FROM json_each(payload, ${path}) WHERE value IS NOT ${participantId})`;
  await db.run(sql`
    UPDATE webhook_deliveries SET payload = json_set(payload,
      '$.data.entries', ${entriesWithout}, '$.data.movers', ${idsWithout("$.data.movers")}, '$.data.newEntries', ${idsWithout("$.data.newEntries")})
    WHERE webhook_id IN (SELECT id FROM webhooks WHERE program_id = ${programId})
      AND EXISTS (SELECT 1 FROM json_each(payload, '$.data.entries') WHERE value->>'id' = ${participantId})`);
  // A managers' digest names sellers in its changes, a contest's news its winners, badge news who earned them.
  await dropListed(db, programId, "$.data.changes", "$.participant", participantId);
  await dropListed(db, programId, "$.data.winners", "$.id", participantId);
  await dropListed(db, programId, "$.data.earned", "$.participant.id", participantId);
}

/** Takes out of the list at `list` of every stored payload the items whose `idPath` is the participant's id. */
async function dropListed(db: Db, programId: number, list: string, idPath: string, participantId: string) {
  const without = sql`(SELECT json_group_array(json(value)) FROM json_each(payload, ${list}) WHERE json_extract(value, ${idPath}) IS NOT ${participantId})`;
  await db.run(sql`
    UPDATE webhook_deliveries SET payload = json_set(payload, ${list}, ${without})
    WHERE webhook_id IN (SELECT id FROM webhooks WHERE program_id = ${programId})
      AND EXISTS (SELECT 1 FROM json_each(payload, ${list}) WHERE json_extract(value, ${idPath}) = ${participantId})`);
}
