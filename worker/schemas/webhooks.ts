import { z } from "zod";
import { type DestinationPolicy, refusedDestination } from "../webhooks/destination";
import { WEBHOOK_EVENTS } from "../webhooks/payloads";
import { text } from "./common";

/** A subscription; its URL must be a destination the operator's policy allows (webhooks/destination.ts). */
export const createWebhookBody = (policy: DestinationPolicy) =>
  z.strictObject({
    url: text()
      .max(2048)
      .superRefine((url, ctx) => {
        const refused = refusedDestination(url, policy);
        if (refused) ctx.addIssue({ code: "custom", message: refused });
      }),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "must name at least one event"),
    format: z.enum(["json", "slack"]).default("json"),
  });
