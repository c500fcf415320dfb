/** Bodies and queries of manager accounts, sessions and the site's extra reads. */
import { z } from "zod";
import { displayText, slug, text } from "./common";

export const email = text()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an e-mail address such as ana@example.com");

export const createManagerBody = z.strictObject({
  email,
  name: displayText.optional(),
  password: text().min(12, "must be at least 12 characters").max(200, "must be at most 200 characters"),
});

export const signInBody = z.strictObject({
  email,
  password: text().min(1, "is required").max(200, "must be at most 200 characters"),
  /** The organisation, for an address with accounts in several; without it, the address's oldest account. */
  org: slug.optional(),
});

export const historyQuery = z.object({
  weeks: z.coerce.number().int("must be a whole number").min(1).max(52).default(12),
  at: text().max(32).optional(),
});

export const participantListQuery = z.object({
  q: text().max(100).optional(),
  offset: z.coerce.number().int("must be a whole number").min(0).default(0),
  limit: z.coerce.number().int("must be a whole number").min(1).max(1000).default(50),
});

export const dashboardQuery = z.object({
  at: text().max(32).optional(),
});
