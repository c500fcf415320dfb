/** Queries of the manager insights (worker/routes/manager-insights.ts). */
import { z } from "zod";

const weeks = (min: number, max: number, fallback: number) =>
  z.coerce.number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);

export const indicatorsQuery = z.object({
  outcome: z.string().max(64).optional(),
  weeks: weeks(4, 52, 12),
});

export const changesQuery = z.object({
  week: z.string().max(32).optional(),
});

export const funnelQuery = z.object({
  period: z.enum(["week", "month", "quarter"]).default("month"),
  at: z.string().max(32).optional(),
  participant: z.string().max(128).optional(),
  team: z.string().max(64).optional(),
});

export const trendsQuery = z.object({
  weeks: weeks(12, 52, 12),
});
