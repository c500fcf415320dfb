/** Queries and answers of the manager insights (worker/routes/manager-insights.ts). */
import { z } from "@hono/zod-openapi";
import { periodAnswer } from "./common";

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

const metricRef = z.string().openapi({ example: "social-post" });
const explanation = z.string().openapi({ description: "how the figures are made, for people" });

const association = z
  .object({
    rho: z.number().openapi({ example: 0.4213 }),
    ci95: z.object({ low: z.number(), high: z.number() }),
    pValue: z.number(),
    adjustedPValue: z.number(),
    n: z.number().int(),
    significant: z.boolean(),
  })
  .nullable()
  .openapi("Association");

export const indicatorsAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    outcome: z.object({ key: z.string().openapi({ example: "deal-won" }), name: z.string().openapi({ example: "Deals won" }) }),
    weeks: z.object({ count: z.number().int().openapi({ example: 12 }), first: periodAnswer, last: periodAnswer }),
    participantWeeks: z.number().int().openapi({ example: 540 }),
    indicators: z.array(
      z.object({
        metric: z.string().nullable().openapi({ description: "a lead metric, or null for the lead score", example: "social-post" }),
        name: z.string().openapi({ example: "Social posts" }),
        currentPoints: z.number().nullable().openapi({ example: 2 }),
        sameWeek: association,
        nextWeek: association,
      }),
    ),
    suggestedWeights: z
      .object({
        n: z.number().int().openapi({ example: 330 }),
        weights: z.array(
          z.object({
            metric: metricRef,
            currentPoints: z.number().openapi({ example: 1 }),
            suggestedPoints: z.number().openapi({ example: 2.04 }),
            outcomePerUnit: z.number().openapi({ example: 1.9784 }),
          }),
        ),
      })
      .nullable()
      .openapi({
        description:
          "suggested points per lead metric, fitted on how next week's outcome rises with each unit; null where there are too few participant-weeks or no fit",
      }),
    method: z.object({ units: explanation, association: explanation, suggestedWeights: explanation }),
    caveat: explanation,
  })
  .openapi("LeadIndicators");

export const changesAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    week: periodAnswer,
    baseline: z.object({
      weeks: z.number().int().openapi({ example: 8 }),
      first: z.string().openapi({ example: "2026-W39" }),
      last: z.string().openapi({ example: "2026-W46" }),
    }),
    tested: z.number().int().openapi({ example: 400 }),
    changes: z.array(
      z.object({
        participant: z.string().optional().openapi({ example: "p-01" }),
        team: z.string().optional().openapi({ example: "north" }),
        name: z.string().openapi({ example: "Ana Ruiz" }),
        metric: metricRef,
        metricName: z.string().openapi({ example: "Social posts" }),
        direction: z.enum(["up", "down"]),
        endedWeek: z.number().openapi({ example: 14 }),
        baselineWeeklyMean: z.number().openapi({ example: 3.25 }),
        baselineWeeks: z.number().int().openapi({ example: 8 }),
        rateRatio: z.number().nullable().openapi({ example: 4.31 }),
        pValue: z.number(),
        adjustedPValue: z.number(),
      }),
    ),
    dispersion: z.array(z.object({ metric: metricRef, value: z.number() })),
    method: explanation,
    counts: explanation,
  })
  .openapi("WeeklyChanges");

const funnelStages = {
  stages: z.array(
    z.object({
      metric: metricRef,
      name: z.string().openapi({ example: "Replies to customer posts" }),
      units: z.number(),
      conversion: z.number().nullable(),
    }),
  ),
  bottleneck: z.object({ from: metricRef, to: metricRef, conversion: z.number() }).nullable().openapi({ description: "the step that converts worst, or null" }),
};

const funnelForecast = z.object({
  period: periodAnswer,
  elapsed: z.number().openapi({ description: "the share of the period elapsed", example: 0.4 }),
  stages: z.array(z.object({ metric: metricRef, units: z.number(), forecast: z.number().nullable() })),
  lastStage: z.number().nullable(),
});

export const funnelAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    funnel: z.object({
      key: z.string().openapi({ example: "social-pipeline" }),
      name: z.string().openapi({ example: "Social pipeline" }),
      stages: z.array(z.object({ metric: metricRef, name: z.string() })),
    }),
    subject: z
      .union([
        z.object({ participant: z.string(), displayName: z.string() }),
        z.object({ team: z.string(), name: z.string(), members: z.number().int() }),
        z.object({ program: z.string() }),
      ])
      .openapi({ description: "whose funnel: a participant's, a team's (its subtree) or the program's" }),
    period: periodAnswer,
    ...funnelStages,
    conversions: z.array(
      z.object({
        from: metricRef,
        to: metricRef,
        conversion: z.number().nullable(),
        historical: z.number().nullable(),
        history: z.array(z.object({ period: z.string(), conversion: z.number().nullable() })),
      }),
    ),
    history: z.array(z.object({ period: periodAnswer, ...funnelStages })),
    forecast: z.object({ month: funnelForecast, quarter: funnelForecast }),
    method: explanation,
  })
  .openapi("FunnelReport");

const trendSide = z.object({ weeks: z.number().int(), meanWeeklyCappedUnits: z.number(), meanLeadScorePerActive: z.number() }).nullable();

export const trendsAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    weeks: z.array(
      periodAnswer.extend({
        participants: z.number().int(),
        optedIn: z.number().int(),
        active: z.number().int(),
        meanLeadScorePerActive: z.number(),
        metrics: z.array(z.object({ metric: metricRef, units: z.number(), cappedUnits: z.number() })),
      }),
    ),
    metrics: z.array(
      z.object({ key: metricRef, name: z.string(), indicator: z.enum(["lead", "lag"]), aggregation: z.enum(["count", "sum", "gauge"]), archived: z.boolean() }),
    ),
    weightChanges: z.array(
      z.object({
        metric: metricRef,
        name: z.string(),
        effectiveFrom: z.string().openapi({ example: "2026-10-05" }),
        week: z.string().openapi({ example: "2026-W41" }),
        points: z.object({ before: z.number(), after: z.number() }),
        dailyCap: z.object({ before: z.number().nullable(), after: z.number().nullable() }),
        before: trendSide,
        after: trendSide,
        difference: z.object({ meanWeeklyCappedUnits: z.number(), ratio: z.number().nullable(), meanLeadScorePerActive: z.number() }).nullable(),
      }),
    ),
    method: explanation,
  })
  .openapi("Trends");
