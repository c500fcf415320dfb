/** Bodies, queries and answers of manager accounts, sessions and the site's extra reads. */
import { z } from "@hono/zod-openapi";
import { metricAnswer, teamAnswer } from "./programs";
import { displayText, periodAnswer, slug, text } from "./common";
import { targetProgress } from "./boards";

export const email = text()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an e-mail address such as ana@example.com");

export const createManagerBody = z
  .strictObject({
    email,
    name: displayText.optional(),
    password: text().min(12, "must be at least 12 characters").max(200, "must be at most 200 characters"),
  })
  .openapi("NewManager", { example: { email: "manager@demo.leadboard.test", name: "Morgan Manager", password: "correct horse battery" } });

export const signInBody = z
  .strictObject({
    email,
    password: text().min(1, "is required").max(200, "must be at most 200 characters"),
    /** The organisation, for an address with accounts in several; without it, the address's oldest account. */
    org: slug.optional().openapi({ description: "the organisation, for an address with accounts in several" }),
  })
  .openapi("SignIn", { example: { email: "manager@demo.leadboard.test", password: "correct horse battery", org: "demo" } });

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

// Answers.

const orgRef = z.object({ slug: z.string().openapi({ example: "demo" }), name: z.string().openapi({ example: "Demo Sales Ltd" }) });
const managerRef = z.object({ email: z.string().openapi({ example: "manager@demo.leadboard.test" }), name: z.string().openapi({ example: "Morgan Manager" }) });
const visibility = z.enum(["private", "public"]);

export const managerAnswer = z
  .object({
    email: z.string().openapi({ example: "manager@demo.leadboard.test" }),
    name: z.string().openapi({ example: "Morgan Manager" }),
    org: z.string().openapi({ example: "demo" }),
    createdAt: z.string().openapi({ example: "2026-11-02T09:00:00Z" }),
  })
  .openapi("Manager");

export const sessionAnswer = z
  .object({
    token: z.string().openapi({ description: "the session token: acts as an admin key of the organisation until it expires or is signed out" }),
    expiresAt: z.string().openapi({ example: "2026-11-09T09:00:00Z" }),
    manager: managerRef,
    org: orgRef,
  })
  .openapi("Session");

export const meAnswer = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("operator") }),
    z.object({
      kind: z.enum(["admin", "manager"]),
      manager: managerRef.nullable(),
      org: orgRef,
      programs: z.array(z.object({ slug: z.string().openapi({ example: "social-selling" }), name: z.string(), timezone: z.string(), visibility })),
    }),
    z.object({ kind: z.literal("ingest"), program: z.object({ slug: z.string(), name: z.string() }) }),
    z.object({
      kind: z.literal("participant"),
      program: z.object({ slug: z.string(), name: z.string(), timezone: z.string(), requireOptIn: z.boolean(), visibility }),
      participant: z.object({
        id: z.string().openapi({ example: "p-01" }),
        displayName: z.string().openapi({ example: "Ana Ruiz" }),
        team: z.string().nullable(),
        cohort: z.string().nullable(),
        optedIn: z.boolean(),
      }),
    }),
  ])
  .openapi("Me", { description: "who the credential is, by kind" });

export const publicProgramsAnswer = z
  .object({
    programs: z.array(
      z.object({
        slug: z.string().openapi({ example: "social-selling" }),
        name: z.string().openapi({ example: "Social selling" }),
        timezone: z.string().openapi({ example: "Europe/London" }),
      }),
    ),
  })
  .openapi("PublicPrograms");

export const summaryAnswer = z
  .object({
    slug: z.string().openapi({ example: "social-selling" }),
    name: z.string().openapi({ example: "Social selling" }),
    timezone: z.string().openapi({ example: "Europe/London" }),
    visibility,
    requireOptIn: z.boolean(),
    teamAggregation: z.enum(["sum", "mean"]),
    today: z.string().openapi({ example: "2026-12-05" }),
    metrics: z.array(metricAnswer.pick({ key: true, name: true, indicator: true, aggregation: true })),
    teams: z.array(teamAnswer),
    cohorts: z.array(z.object({ name: z.string().openapi({ example: "Manchester" }), size: z.number().int().openapi({ example: 12 }) })),
  })
  .openapi("ProgramSummary");

export const participantPageAnswer = z
  .object({
    total: z.number().int().openapi({ example: 50 }),
    offset: z.number().int().openapi({ example: 0 }),
    participants: z.array(
      z.object({
        id: z.string().openapi({ example: "p-01" }),
        displayName: z.string().openapi({ example: "Ana Ruiz" }),
        team: z.string().nullable().openapi({ example: "north" }),
        cohort: z.string().nullable().openapi({ example: "Manchester" }),
        optedIn: z.boolean(),
        ranked: z.boolean(),
      }),
    ),
  })
  .openapi("ParticipantPage");

export const participantCheckAnswer = z
  .object({
    valid: z.boolean(),
    problems: z.array(
      z.object({ path: z.string().openapi({ example: "participants[1].team" }), message: z.string().openapi({ example: 'no team "west" in this program' }) }),
    ),
    existing: z.array(z.string()).openapi({ description: "the listed ids that are participants already", example: ["p-01"] }),
  })
  .openapi("ParticipantCheck");

export const historyAnswer = z
  .object({
    id: z.string().openapi({ example: "p-01" }),
    team: z.string().nullable().openapi({ example: "north" }),
    teamName: z.string().nullable().openapi({ example: "North" }),
    teamMembers: z.number().int().openapi({ example: 12 }),
    weeks: z.array(periodAnswer.extend({ score: z.number().openapi({ example: 42.5 }), teamMean: z.number().nullable().openapi({ example: 31.75 }) })),
  })
  .openapi("ScoreHistory");

export const dashboardAnswer = z
  .object({
    program: z.string().openapi({ example: "social-selling" }),
    week: periodAnswer,
    participation: z.object({
      participants: z.number().int(),
      optedIn: z.number().int(),
      optedInShare: z.number().nullable(),
      ranked: z.number().int(),
      activeThisWeek: z.number().int(),
      activeShare: z.number().nullable(),
    }),
    heatmap: z.object({
      metrics: z.array(metricAnswer.pick({ key: true, name: true, indicator: true })),
      teams: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          members: z.number().int(),
          cells: z.array(z.object({ metric: z.string(), points: z.number(), cappedUnits: z.number() })),
        }),
      ),
    }),
    targets: z.array(
      targetProgress.omit({ period: true }).extend({
        team: z.string().openapi({ example: "north" }),
        teamName: z.string().openapi({ example: "North" }),
        period: periodAnswer,
      }),
    ),
  })
  .openapi("Dashboard");

export const ingestionAnswer = z
  .object({
    since: z.string().openapi({ example: "2026-12-04T09:00:00Z" }),
    totals: z.object({ batches: z.number().int(), accepted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int() }),
    reasons: z.array(
      z.object({
        reason: z.string().openapi({ example: "unknown_metric" }),
        count: z.number().int(),
        lastAt: z.string(),
        example: z.object({ id: z.string().nullable(), message: z.string() }),
      }),
    ),
    batches: z.array(z.object({ at: z.string(), accepted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int() })),
  })
  .openapi("IngestionLog");
