/**
 * Webhook subscriptions of a program (admin): create (the signing secret is shown once), list,
 * delete, and the recent deliveries of one with their outcome.
 */
import { and, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { formatInstant } from "../../scoring/instants";
import { requireAdmin } from "../auth";
import { readBody } from "../body";
import type { AppEnv } from "../context";
import { webhookDeliveries, webhooks } from "../db/schema";
import { notFound } from "../errors";
import { programOf } from "../lookup";
import { createWebhookBody } from "../schemas/webhooks";
import { destinationPolicy } from "../webhooks/destination";

const instant = (ms: number | null) => (ms === null ? null : formatInstant(ms));

const describe = (w: typeof webhooks.$inferSelect) => ({
  id: w.id,
  url: w.url,
  events: JSON.parse(w.events) as string[],
  format: w.format,
  createdAt: formatInstant(w.createdAt),
});

export const webhookRoutes = new Hono<AppEnv>()
  .post("/:program/webhooks", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const body = await readBody(c, createWebhookBody(destinationPolicy(c.env)));
    const secret = `whsec_${[...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const [row] = await c.var.db
      .insert(webhooks)
      .values({ programId: program.id, url: body.url, events: JSON.stringify(body.events), format: body.format, secret, createdAt: c.var.now })
      .returning();
    return c.json({ ...describe(row), secret }, 201);
  })
  .get("/:program/webhooks", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const rows = await c.var.db.select().from(webhooks).where(eq(webhooks.programId, program.id)).orderBy(webhooks.id);
    return c.json({ webhooks: rows.map(describe) });
  })
  .delete("/:program/webhooks/:id{[0-9]+}", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const id = Number(c.req.param("id"));
    const deleted = await c.var.db
      .delete(webhooks)
      .where(and(eq(webhooks.programId, program.id), eq(webhooks.id, id)))
      .returning({ id: webhooks.id });
    if (deleted.length === 0) throw notFound("webhook");
    await c.var.db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id));
    return c.body(null, 204);
  })
  .get("/:program/webhooks/:id{[0-9]+}/deliveries", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const id = Number(c.req.param("id"));
    const hook = await c.var.db.select().from(webhooks).where(and(eq(webhooks.programId, program.id), eq(webhooks.id, id))).get();
    if (!hook) throw notFound("webhook");
    const rows = await c.var.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, id))
      .orderBy(desc(webhookDeliveries.id))
      .limit(50);
    return c.json({
      deliveries: rows.map((d) => ({
        id: d.id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        createdAt: formatInstant(d.createdAt),
        deliveredAt: instant(d.deliveredAt),
        nextAttemptAt: d.status === "pending" ? instant(d.nextAttemptAt) : null,
      })),
    });
  });
