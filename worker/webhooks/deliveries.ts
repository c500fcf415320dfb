/**
 * Outbound deliveries: queued in D1 when an event happens, attempted at once and then by the
 * scheduled job, with exponential backoff, until the receiver answers 2xx or the attempts run out.
 */
import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../context";
import type { ProgramRow } from "../db/programs";
import { webhookDeliveries, webhooks } from "../db/schema";
import { payload, type WebhookData, type WebhookEvent } from "./payloads";
import { SIGNATURE_HEADER, sign } from "./signature";

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
/** How long an attempt holds its delivery, so two runs of the job never send it twice at once. */
const LEASE_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

/** The wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8 … minutes. */
export const backoff = (attempts: number) => FIRST_RETRY_MS * 2 ** (attempts - 1);

export async function enqueueDeliveries<E extends WebhookEvent>(db: Db, program: ProgramRow, event: E, data: WebhookData[E], now: number) {
  const subscribed = (await db.select().from(webhooks).where(eq(webhooks.programId, program.id))).filter((w) =>
    (JSON.parse(w.events) as string[]).includes(event),
  );
  if (subscribed.length === 0) return;
  await db.insert(webhookDeliveries).values(
    subscribed.map((w) => ({
      webhookId: w.id,
      event,
      payload: payload(w.format, event, program, data),
      status: "pending" as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
}

/** Attempts every delivery that is due; answers how many were attempted. */
export async function deliverDue(db: Db, now: number, send: typeof fetch = fetch): Promise<number> {
  const due = await db
    .select({ d: webhookDeliveries, url: webhooks.url, secret: webhooks.secret })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(50);
  let attempted = 0;
  for (const { d, url, secret } of due) {
    if (!(await claim(db, d.id, d.nextAttemptAt!, now))) continue;
    attempted++;
    const outcome = await attempt(send, url, secret, d.id, d.event, d.payload);
    const attempts = d.attempts + 1;
    const done = outcome.ok || attempts >= MAX_ATTEMPTS;
    await db
      .update(webhookDeliveries)
      .set({
        attempts,
        status: outcome.ok ? "delivered" : done ? "failed" : "pending",
        nextAttemptAt: done ? null : now + backoff(attempts),
        lastStatus: outcome.status,
        lastError: outcome.error,
        deliveredAt: outcome.ok ? now : null,
      })
      .where(eq(webhookDeliveries.id, d.id));
  }
  return attempted;
}

/** Takes the delivery for this run: only one run moves its next attempt from the time it saw. */
async function claim(db: Db, id: number, seen: number, now: number): Promise<boolean> {
  const result = await db.run(
    sql`UPDATE webhook_deliveries SET next_attempt_at = ${now + LEASE_MS} WHERE id = ${id} AND next_attempt_at = ${seen}`,
  );
  return result.meta.changes > 0;
}

async function attempt(send: typeof fetch, url: string, secret: string, id: number, event: string, body: string) {
  try {
    const response = await send(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Leadboard-Webhooks/1",
        "X-Leadboard-Event": event,
        "X-Leadboard-Delivery": String(id),
        [SIGNATURE_HEADER]: await sign(secret, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { ok: response.ok, status: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message.slice(0, 500) };
  }
}
