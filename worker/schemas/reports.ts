/** The weekly Power 100 report (SPEC §4) and a participant's weekly digest. */
import { z } from "@hono/zod-openapi";
import { metricFigures, streakAnswer, targetProgress } from "./boards";
import { periodAnswer } from "./common";

export const reportWeeksAnswer = z
  .object({ weeks: z.array(z.string()).openapi({ description: "the weeks with a stored report, newest first", example: ["2026-W47", "2026-W46"] }) })
  .openapi("ReportWeeks");

export const weeklyReportAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    week: z.string().openapi({ example: "2026-W47" }),
    period: periodAnswer,
    generatedAt: z.string().openapi({ example: "2026-11-23T00:12:00Z" }),
    total: z.number().int().openapi({ description: "the participants ranked with a score > 0", example: 46 }),
    entries: z
      .array(
        z
          .object({
            rank: z.number().int().openapi({ example: 1 }),
            id: z.string().openapi({ example: "p-01" }),
            displayName: z.string().openapi({ example: "Ana Ruiz" }),
            team: z.string().nullable().openapi({ example: "north" }),
            cohort: z.string().nullable().openapi({ example: "Manchester" }),
            score: z.number().openapi({ example: 96.5 }),
            previousRank: z.number().int().nullable().openapi({ example: 4 }),
            rankChange: z.number().int().nullable().openapi({ example: 3 }),
            scoreChange: z.number().openapi({ example: 12.25 }),
          })
          .openapi("ReportEntry"),
      )
      .openapi({ description: "the entries with rank ≤ 100" }),
    movers: z.array(z.string()).openapi({ example: ["p-01"] }),
    newEntries: z.array(z.string()).openapi({ example: ["p-40"] }),
  })
  .openapi("WeeklyReport");

export const digestAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    week: z.string().openapi({ example: "2026-W47" }),
    period: periodAnswer,
    participant: z.object({
      id: z.string().openapi({ example: "p-01" }),
      displayName: z.string().openapi({ example: "Ana Ruiz" }),
      team: z.string().nullable().openapi({ example: "north" }),
      cohort: z.string().nullable().openapi({ example: "Manchester" }),
    }),
    score: z.number().openapi({ example: 96.5 }),
    previousScore: z.number().openapi({ example: 84.25 }),
    scoreChange: z.number().openapi({ example: 12.25 }),
    rank: z.number().int().nullable().openapi({ example: 1 }),
    of: z.number().int().nullable().openapi({ example: 46 }),
    percentile: z.number().nullable().openapi({ example: 100 }),
    cohort: z.object({ name: z.string(), rank: z.number().int().nullable(), of: z.number().int().nullable(), percentile: z.number().nullable() }).nullable(),
    power100: z
      .object({ rank: z.number().int(), previousRank: z.number().int().nullable(), rankChange: z.number().int().nullable() })
      .nullable()
      .openapi({ description: "the participant's entry in the week's Power 100, or null" }),
    targets: z.array(targetProgress),
    streak: streakAnswer,
    byMetric: z.array(metricFigures),
    coaching: z
      .object({
        metric: z.string().openapi({ example: "social-post" }),
        yours: z.number().openapi({ example: 3 }),
        top10Average: z.number().openapi({ example: 9.5 }),
        worth: z.number().openapi({ example: 13 }),
        message: z.string(),
      })
      .nullable()
      .openapi({ description: "the lead metric where the participant is furthest below the week's top 10, or null" }),
  })
  .openapi("WeeklyDigest");
