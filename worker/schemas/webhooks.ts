import { z } from "@hono/zod-openapi";
import { type DestinationPolicy, refusedDestination } from "../webhooks/destination";
import { WEBHOOK_EVENTS } from "../webhooks/payloads";
import { text } from "./common";

/** A subscription; its URL must be a destination the operator's policy allows (webhooks/destination.ts). */
export const createWebhookBody = (policy: DestinationPolicy) =>
  z
    .strictObject({
      url: text()
        .max(2048)
        .superRefine((url, ctx) => {
          const refused = refusedDestination(url, policy);
          if (refused) ctx.addIssue({ code: "custom", message: refused });
        }),
      events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "must name at least one event"),
      format: z.enum(["json", "slack"]).default("json"),
    })
    .openapi("NewWebhookSubscription", {
      example: { url: "https://hooks.example.com/leadboard", events: ["report.published", "badge.earned"], format: "json" },
    });

/** The body as documented: the deployed policy (https only, no internal address) applies at request time. */
export const documentedWebhookBody = createWebhookBody({ allowHttp: false, allowedHosts: new Set() });

export const webhookAnswer = z
  .object({
    id: z.number().int().openapi({ example: 1 }),
    url: z.string().openapi({ example: "https://hooks.example.com/leadboard" }),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    format: z.enum(["json", "slack"]),
    createdAt: z.string().openapi({ example: "2026-11-02T09:00:00Z" }),
  })
  .openapi("Webhook");

export const createdWebhookAnswer = webhookAnswer
  .extend({ secret: z.string().openapi({ description: "the signing secret: shown once", example: "whsec_…" }) })
  .openapi("NewWebhook");

export const webhooksAnswer = z.object({ webhooks: z.array(webhookAnswer) }).openapi("Webhooks");

export const deliveriesAnswer = z
  .object({
    deliveries: z.array(
      z
        .object({
          id: z.number().int().openapi({ example: 12 }),
          event: z.string().openapi({ example: "report.published" }),
          status: z.enum(["pending", "delivered", "failed"]),
          attempts: z.number().int().openapi({ example: 1 }),
          lastStatus: z.number().int().nullable().openapi({ example: 200 }),
          lastError: z.string().nullable().openapi({ example: null }),
          createdAt: z.string().openapi({ example: "2026-11-23T00:12:00Z" }),
          deliveredAt: z.string().nullable().openapi({ example: "2026-11-23T00:12:01Z" }),
          nextAttemptAt: z.string().nullable().openapi({ example: null }),
        })
        .openapi("Delivery"),
    ),
  })
  .openapi("Deliveries");
