/**
 * Webhook subscriptions of a program (admin): create (the signing secret is shown once), list,
 * delete, and the recent deliveries of one with their outcome.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { formatInstant } from "../../scoring/instants";
import { requireAdmin } from "../auth";
import { readBody } from "../body";
import { createWebhook, deleteWebhook, recentDeliveries, webhooksOf, type WebhookRow } from "../db/webhooks";
import { programOf } from "../lookup";
import { emptyAnswer, handle, jsonAnswer, jsonBody, programParam, routes, withCredential } from "../openapi";
import { errorAnswers } from "../schemas/common";
import { createdWebhookAnswer, createWebhookBody, deliveriesAnswer, documentedWebhookBody, webhooksAnswer } from "../schemas/webhooks";
import { destinationPolicy } from "../webhooks/destination";

const instant = (ms: number | null) => (ms === null ? null : formatInstant(ms));

const describe = (w: WebhookRow) => ({
  id: w.id,
  url: w.url,
  events: JSON.parse(w.events) as string[],
  format: w.format,
  createdAt: formatInstant(w.createdAt),
});

const params = z.object({ program: programParam });
const webhookParams = params.extend({
  id: z
    .string()
    .regex(/^[0-9]+$/)
    .openapi({ param: { name: "id", in: "path" }, example: "1" }),
});
const webhook = { tags: ["Webhooks"], security: withCredential };

const createWebhookRoute = createRoute({
  ...webhook,
  method: "post",
  path: "/{program}/webhooks",
  summary: "Subscribe a URL to the program's events",
  request: { params, body: jsonBody(documentedWebhookBody) },
  responses: {
    201: jsonAnswer(createdWebhookAnswer, "the subscription, with its signing secret shown once"),
    ...errorAnswers(400, 401, 403, 404, 413, 415, 422),
  },
});

const listWebhooksRoute = createRoute({
  ...webhook,
  method: "get",
  path: "/{program}/webhooks",
  summary: "List the program's subscriptions",
  request: { params },
  responses: { 200: jsonAnswer(webhooksAnswer, "the subscriptions, never their secrets"), ...errorAnswers(401, 403, 404) },
});

const deleteWebhookRoute = createRoute({
  ...webhook,
  method: "delete",
  path: "/{program}/webhooks/{id}",
  summary: "Delete a subscription and its deliveries",
  request: { params: webhookParams },
  responses: { 204: emptyAnswer("deleted"), ...errorAnswers(401, 403, 404) },
});

const deliveriesRoute = createRoute({
  ...webhook,
  method: "get",
  path: "/{program}/webhooks/{id}/deliveries",
  summary: "A subscription's recent deliveries, newest first",
  request: { params: webhookParams },
  responses: { 200: jsonAnswer(deliveriesAnswer, "the last 50 deliveries"), ...errorAnswers(401, 403, 404) },
});

export const webhookRoutes = routes();

handle(webhookRoutes, createWebhookRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const body = await readBody(c, createWebhookBody(destinationPolicy(c.env)));
  const secret = `whsec_${[...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const row = await createWebhook(c.var.db, program.id, { url: body.url, events: body.events, format: body.format, secret }, c.var.now);
  return c.json({ ...describe(row), secret }, 201);
});

handle(webhookRoutes, listWebhooksRoute, async (c) => {
  const program = await programOf(c);
  requireAdmin(c.var.principal, program);
  const rows = await webhooksOf(c.var.db, program.id);
  return c.json({ webhooks: rows.map(describe) });
});

handle(
  webhookRoutes,
  deleteWebhookRoute,
  async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const id = Number(c.req.param("id"));
    await deleteWebhook(c.var.db, program.id, id);
    return c.body(null, 204);
  },
  { path: "/:program/webhooks/:id{[0-9]+}" },
);

handle(
  webhookRoutes,
  deliveriesRoute,
  async (c) => {
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
  },
  { path: "/:program/webhooks/:id{[0-9]+}/deliveries" },
);
