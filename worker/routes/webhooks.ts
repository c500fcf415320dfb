/**
 * Webhook subscriptions of a program (admin): create (the signing secret is shown once), list,
 * delete, and the recent deliveries of one with their outcome.
 */
import { Hono } from "hono";
import { formatInstant } from "../../scoring/instants";
import { requireAdmin } from "../auth";
import { readBody } from "../body";
import type { AppEnv } from "../context";
import { createWebhook, deleteWebhook, recentDeliveries, webhooksOf, type WebhookRow } from "../db/webhooks";
import { programOf } from "../lookup";
import { createWebhookBody } from "../schemas/webhooks";
import { destinationPolicy } from "../webhooks/destination";

const instant = (ms: number | null) => (ms === null ? null : formatInstant(ms));

const describe = (w: WebhookRow) => ({
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
    const row = await createWebhook(c.var.db, program.id, { url: body.url, events: body.events, format: body.format, secret }, c.var.now);
    return c.json({ ...describe(row), secret }, 201);
  })
  .get("/:program/webhooks", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const rows = await webhooksOf(c.var.db, program.id);
    return c.json({ webhooks: rows.map(describe) });
  })
  .delete("/:program/webhooks/:id{[0-9]+}", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const id = Number(c.req.param("id"));
    await deleteWebhook(c.var.db, program.id, id);
    return c.body(null, 204);
  })
  .get("/:program/webhooks/:id{[0-9]+}/deliveries", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const id = Number(c.req.param("id"));
    const rows = await recentDeliveries(c.var.db, program.id, id);
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
