/** Webhook subscriptions of a program, and the recent deliveries of one (db/webhook-deliveries.ts queues them). */
import { and, desc, eq } from "drizzle-orm";
import { notFound } from "../errors";
import type { Db } from "./client";
import { webhookDeliveries, webhooks } from "./schema";

export type WebhookRow = typeof webhooks.$inferSelect;

export interface NewWebhook {
  url: string;
  events: string[];
  format: WebhookRow["format"];
  secret: string;
}

export async function createWebhook(db: Db, programId: number, hook: NewWebhook, now: number): Promise<WebhookRow> {
  const [row] = await db
    .insert(webhooks)
    .values({ programId, url: hook.url, events: JSON.stringify(hook.events), format: hook.format, secret: hook.secret, createdAt: now })
    .returning();
  return row;
}

export const webhooksOf = (db: Db, programId: number) => db.select().from(webhooks).where(eq(webhooks.programId, programId)).orderBy(webhooks.id);

/** The program's subscriptions to `event`. */
export async function subscribersOf(db: Db, programId: number, event: string): Promise<WebhookRow[]> {
  return (await webhooksOf(db, programId)).filter((w) => (JSON.parse(w.events) as string[]).includes(event));
}

/** Deletes the subscription with its deliveries; 404 where the program has no such webhook. */
export async function deleteWebhook(db: Db, programId: number, id: number): Promise<void> {
  const deleted = await db
    .delete(webhooks)
    .where(and(eq(webhooks.programId, programId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  if (deleted.length === 0) throw notFound("webhook");
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id));
}

/** The latest 50 deliveries of the program's webhook `id`, newest first; 404 where it has no such webhook. */
export async function recentDeliveries(db: Db, programId: number, id: number) {
  const hook = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.programId, programId), eq(webhooks.id, id)))
    .get();
  if (!hook) throw notFound("webhook");
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).orderBy(desc(webhookDeliveries.id)).limit(50);
}
