/**
 * Outbound deliveries: queued in D1 when an event happens, attempted at once and then by the
 * scheduled job, with exponential backoff, until the receiver answers 2xx or the attempts run out.
 */
import { env } from "cloudflare:workers";
import type { Db } from "../db/client";
import type { ProgramRow } from "../db/programs";
import { claimDelivery, dueDeliveries, queueDeliveries, recordAttempt } from "../db/webhook-deliveries";
import { subscribersOf } from "../db/webhooks";
import { type DestinationPolicy, destinationPolicy, refusedDestination } from "./destination";
import { bodyOf, envelope, type WebhookData, type WebhookEvent } from "./payloads";
import { SIGNATURE_HEADER, sign } from "./signature";

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const TIMEOUT_MS = 10_000;

/** The wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8 … minutes. */
export const backoff = (attempts: number) => FIRST_RETRY_MS * 2 ** (attempts - 1);

export async function enqueueDeliveries<E extends WebhookEvent>(db: Db, program: ProgramRow, event: E, data: WebhookData[E], now: number) {
  const subscribed = await subscribersOf(db, program.id, event);
  if (subscribed.length === 0) return;
  await queueDeliveries(
    db,
    subscribed.map((w) => w.id),
    event,
    envelope(event, program, data),
    now,
  );
}

export interface DeliverOptions {
  /** Only this program's deliveries: a request attempts its own program's, never another organisation's. */
  programId?: number;
  /** Where deliveries may go; by default the worker's settings. */
  policy?: DestinationPolicy;
  send?: typeof fetch;
}

/** Attempts every delivery that is due (of one program, with `programId`); answers how many were attempted. */
export async function deliverDue(db: Db, now: number, { programId, policy = destinationPolicy(env), send = fetch }: DeliverOptions = {}): Promise<number> {
  const due = await dueDeliveries(db, now, programId);
  let attempted = 0;
  for (const { d, url, secret, format, programName } of due) {
    if (!(await claimDelivery(db, d.id, d.nextAttemptAt!, now))) continue;
    attempted++;
    // Checked again at every attempt: the subscription may predate the check, or the policy have changed.
    const refused = refusedDestination(url, policy);
    const outcome = refused
      ? { ok: false, status: null, error: `destination refused: the URL ${refused}`, final: true }
      : { ...(await attempt(send, url, secret, d.id, d.event, bodyOf(format, d.payload, programName), now)), final: false };
    const attempts = d.attempts + 1;
    const done = outcome.ok || outcome.final || attempts >= MAX_ATTEMPTS;
    await recordAttempt(db, d.id, {
      attempts,
      status: outcome.ok ? "delivered" : done ? "failed" : "pending",
      nextAttemptAt: done ? null : now + backoff(attempts),
      lastStatus: outcome.status,
      lastError: outcome.error,
      deliveredAt: outcome.ok ? now : null,
    });
  }
  return attempted;
}

async function attempt(send: typeof fetch, url: string, secret: string, id: number, event: string, body: string, now: number) {
  try {
    const response = await send(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Leadboard-Webhooks/1",
        "X-Leadboard-Event": event,
        "X-Leadboard-Delivery": String(id),
        [SIGNATURE_HEADER]: await sign(secret, body, now),
      },
      body,
      // A redirect is not followed: it could lead to an address the destination check refuses.
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    const error = ok
      ? null
      : response.status >= 300 && response.status < 400
        ? `HTTP ${response.status} (redirects are not followed)`
        : `HTTP ${response.status}`;
    return { ok, status: response.status, error };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message.slice(0, 500) };
  }
}
