/** The boards (SPEC §4, §5.2, §5.3): the leaderboard, the contests and a score card; their queries and answers. */
import { z } from "@hono/zod-openapi";
import { PERIOD_KINDS } from "../../scoring/periods";
import { periodAnswer, printable, text } from "./common";

/** A period kind, or `contest` (SPEC §5.3), whose `at` names the contest. */
const periodKind = z.enum([...PERIOD_KINDS, "contest"]);

export const leaderboardQuery = z.object({
  scope: z.enum(["individual", "team"]).default("individual").openapi({ description: "individual or team" }),
  period: periodKind.default("week").openapi({ description: "the kind of period; `contest` reads a contest's board" }),
  /** A metric key (SPEC §5.2): the board ranks by that metric's figure. */
  metric: text().min(1).max(64).optional().openapi({ description: "a metric key: the board ranks by that metric's figure", example: "social-post" }),
  at: text().max(32).optional().openapi({ description: "a day in the period or its label (a contest's key for `contest`); default now", example: "2026-W47" }),
  cohort: printable(1, 100).optional().openapi({ description: "only this cohort's participants", example: "London" }),
  limit: z.coerce.number().int("must be a whole number").min(1).max(1000).default(100).openapi({ description: "entries a page, 1–1000" }),
  cursor: text().max(2000).optional().openapi({ description: "the previous page's `nextCursor`" }),
  around: text()
    .min(1)
    .max(512)
    .optional()
    .openapi({ description: "a participant id (a team key for team scope): the page that centres on it", example: "p-01" }),
});

export type LeaderboardQuery = z.output<typeof leaderboardQuery>;

export const scoreQuery = z.object({
  period: periodKind.default("week").openapi({ description: "the kind of period; `contest` reads a contest's" }),
  at: text().max(32).optional().openapi({ description: "a day in the period or its label; default now", example: "2026-W47" }),
});

const individualEntry = z
  .object({
    rank: z.number().int().openapi({ example: 1 }),
    id: z.string().openapi({ example: "p-01" }),
    displayName: z.string().openapi({ example: "Ana Ruiz" }),
    team: z.string().nullable().openapi({ example: "north" }),
    score: z.number().openapi({ example: 96.5 }),
  })
  .openapi("LeaderboardEntry");

const teamEntry = z
  .object({
    rank: z.number().int().openapi({ example: 1 }),
    id: z.string().openapi({ description: "the team's key", example: "north" }),
    displayName: z.string().openapi({ example: "North" }),
    members: z.number().int().openapi({ example: 12 }),
    score: z.number().openapi({ example: 41.25 }),
  })
  .openapi("TeamLeaderboardEntry");

export const leaderboardAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    scope: z.enum(["individual", "team"]),
    period: periodAnswer,
    metric: z.string().nullable().openapi({ description: "the metric the board ranks by, or null for points" }),
    cohort: z.string().nullable().openapi({ example: null }),
    total: z.number().int().openapi({ example: 46 }),
    entries: z.array(z.union([individualEntry, teamEntry])).openapi({ description: "team entries carry `members` instead of `team`" }),
    nextCursor: z.string().nullable().openapi({ description: "the next page's cursor, or null on the last page" }),
  })
  .openapi("Leaderboard");

export const contestsAnswer = z
  .object({
    contests: z.array(
      z
        .object({
          key: z.string().openapi({ example: "spring-sprint" }),
          name: z.string().openapi({ example: "Spring sprint" }),
          start: z.string().openapi({ example: "2026-03-02" }),
          end: z.string().openapi({ example: "2026-03-15" }),
          status: z.enum(["upcoming", "running", "ended"]),
          metrics: z
            .array(z.string())
            .nullable()
            .openapi({ example: ["social-post"] }),
          cohort: z.string().nullable().openapi({ example: null }),
        })
        .openapi("Contest"),
    ),
  })
  .openapi("Contests");

/** A share of a board: rank, board size and percentile. */
const standing = {
  rank: z.number().int().nullable().openapi({ example: 3 }),
  of: z.number().int().nullable().openapi({ example: 46 }),
  percentile: z.number().nullable().openapi({ example: 95.6 }),
};

export const metricFigures = z
  .object({
    metric: z.string().openapi({ example: "social-post" }),
    indicator: z.enum(["lead", "lag"]),
    units: z.number().openapi({ example: 7 }),
    cappedUnits: z.number().openapi({ example: 7 }),
    points: z.number().openapi({ example: 14 }),
    reading: z.number().nullable().optional().openapi({ description: "a gauge's reading (SPEC §5.1)" }),
    change: z.number().nullable().optional().openapi({ description: "a gauge's change over the period (SPEC §5.1)" }),
  })
  .openapi("MetricFigures");

export const targetProgress = z
  .object({
    key: z.string().openapi({ example: "ana-weekly" }),
    metric: z.string().nullable().openapi({ example: null }),
    period: z.enum(["week", "month", "quarter"]),
    value: z.number().openapi({ example: 100 }),
    actual: z.number().openapi({ example: 62.5 }),
    attainment: z.number().openapi({ example: 0.625 }),
    expected: z.number().openapi({ example: 57.1429 }),
    status: z.enum(["met", "on_track", "behind"]),
    forecast: z.number().optional().openapi({ example: 104.5 }),
    forecastStatus: z.enum(["will_meet", "at_risk", "will_miss"]).optional().openapi({ example: "will_meet" }),
  })
  .openapi("TargetProgress");

export const streakAnswer = z
  .object({ current: z.number().int().openapi({ example: 4 }), longest: z.number().int().openapi({ example: 9 }) })
  .openapi("Streak");

export const scorecardAnswer = z
  .object({
    id: z.string().openapi({ example: "p-01" }),
    displayName: z.string().openapi({ example: "Ana Ruiz" }),
    period: periodAnswer,
    score: z.number().openapi({ example: 96.5 }),
    ...standing,
    cohort: z
      .object({ name: z.string().openapi({ example: "Manchester" }), ...standing })
      .nullable()
      .openapi({ description: "null while the participant is not ranked, or has no cohort" }),
    byMetric: z.array(metricFigures),
    targets: z.array(targetProgress).openapi({ description: "the participant's own targets" }),
    streak: streakAnswer,
    badges: z.array(
      z.object({
        key: z.string().openapi({ example: "first-week" }),
        name: z.string().openapi({ example: "First week" }),
        earnedOn: z.string().openapi({ example: "2026-11-20" }),
      }),
    ),
    level: z
      .object({
        name: z.string().openapi({ example: "Silver" }),
        points: z.number().openapi({ example: 500 }),
        next: z.object({ name: z.string().openapi({ example: "Gold" }), points: z.number().openapi({ example: 1000 }) }).nullable(),
      })
      .nullable(),
  })
  .openapi("Scorecard");
