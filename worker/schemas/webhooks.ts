import { z } from "zod";
import { WEBHOOK_EVENTS } from "../webhooks/payloads";
import { text } from "./common";

export const createWebhookBody = z.strictObject({
  url: text()
    .max(2048)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), "must be an http or https URL"),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "must name at least one event"),
  format: z.enum(["json", "slack"]).default("json"),
});
