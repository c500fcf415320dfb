/**
 * Erasure reaches webhooks: every stored payload of the program's subscriptions loses the erased
 * participant, as stored reports do (engine/reports.ts), so a retry after the erasure sends
 * neither their id nor their name. Their rank stays a gap, and `total` the count it was.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../context";

export async function forgetParticipant(db: Db, programId: number, participantId: string): Promise<void> {
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
