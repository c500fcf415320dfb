/** The program document (SPEC §4): metrics, teams and targets, replaced as a whole by a PUT. */
import { z } from "@hono/zod-openapi";
import { badgeProblems } from "../../scoring/badges";
import { contestProblems } from "../../scoring/contests";
import { levelProblems } from "../../scoring/levels";
import { canonicalTimeZone, isTimeZone } from "../../scoring/periods";
import { displayText, hundredths, localDate, printable, text } from "./common";

const METRIC_KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const key = text().regex(METRIC_KEY, "must match ^[a-z0-9][a-z0-9_.-]{0,63}$");

export const metricSchema = z.strictObject({
  key,
  name: displayText,
  indicator: z.enum(["lead", "lag"]),
  aggregation: z.enum(["count", "sum", "gauge"]),
  points: hundredths({ positive: false }),
  dailyCap: hundredths({ positive: true }).nullable().default(null),
  effectiveFrom: localDate.optional(),
});

export const teamSchema = z.strictObject({
  key,
  name: displayText,
  parent: key.nullable().default(null),
});

export const targetSchema = z.strictObject({
  key,
  subject: z.union([z.strictObject({ participant: printable(1, 128) }), z.strictObject({ team: key })]),
  metric: key.nullable(),
  period: z.enum(["week", "month", "quarter"]),
  value: hundredths({ positive: true }),
});

/** A contest (SPEC §5.3): local days from `start` to `end`, both included. */
export const contestSchema = z.strictObject({
  key,
  name: displayText,
  start: localDate,
  end: localDate,
  metrics: z.array(key).nullable().default(null),
  cohort: printable(1, 100).nullable().default(null),
});

const wholeAtLeastOne = z.number().int("must be a whole number").min(1, "must be at least 1");

/** A badge rule (SPEC §5.4); X as integer hundredths (`pointsH`, `valueH`) once read. */
const badgeRule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("streak"), days: wholeAtLeastOne }),
  z.strictObject({ kind: z.literal("day"), points: hundredths({ positive: true }) }).transform(({ kind, points }) => ({ kind, pointsH: points })),
  z.strictObject({ kind: z.literal("week"), points: hundredths({ positive: true }) }).transform(({ kind, points }) => ({ kind, pointsH: points })),
  z
    .strictObject({ kind: z.literal("total"), metric: key.nullable(), value: hundredths({ positive: true }) })
    .transform(({ kind, metric, value }) => ({ kind, metric, valueH: value })),
  z.strictObject({ kind: z.literal("top"), rank: wholeAtLeastOne }),
]);

export const badgeSchema = z.strictObject({
  key,
  name: displayText,
  description: z.string().max(500).default(""),
  rule: badgeRule,
});

/** A level (SPEC §5.5): `points` as integer hundredths (`pointsH`) once read. */
export const levelSchema = z
  .strictObject({ name: displayText, points: hundredths({ positive: false }) })
  .transform(({ name, points }) => ({ name, pointsH: points }));

/** A sales line's stages in order (e.g. calls → meetings → proposals → deals): metric keys of this document. */
export const funnelSchema = z.strictObject({
  key,
  name: displayText,
  stages: z.array(key).min(2, "must list at least 2 stages").max(10, "must list at most 10 stages"),
});

export const programDocument = z
  .strictObject({
    name: displayText,
    timezone: text()
      .refine(isTimeZone, "must be an IANA time zone name, such as Europe/London")
      .transform((tz) => canonicalTimeZone(tz)!),
    requireOptIn: z.boolean().default(true),
    visibility: z.enum(["private", "public"]).default("private"),
    teamAggregation: z.enum(["sum", "mean"]).default("mean"),
    metrics: z.array(metricSchema).max(100).default([]),
    teams: z.array(teamSchema).max(1000).default([]),
    targets: z.array(targetSchema).max(1000).default([]),
    contests: z.array(contestSchema).max(100).default([]),
    badges: z.array(badgeSchema).max(100).default([]),
    levels: z.array(levelSchema).max(100).default([]),
    funnels: z.array(funnelSchema).max(20).default([]),
  })
  .superRefine((doc, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const metricKeys = uniqueKeys(doc.metrics, "metrics", problem);
    const teamKeys = uniqueKeys(doc.teams, "teams", problem);
    uniqueKeys(doc.targets, "targets", problem);

    const parents = new Map(doc.teams.map((t) => [t.key, t.parent]));
    // Teams whose chain of parents is known to end at a root: a deep chain is walked once, not once per team.
    const rooted = new Set<string>();
    doc.teams.forEach((team, i) => {
      if (team.parent === null) return void rooted.add(team.key);
      if (!teamKeys.has(team.parent)) return problem(["teams", i, "parent"], `no team "${team.parent}" in teams`);
      // Walk up from the team: coming back to it means the parents form a cycle.
      const visited = new Set<string>();
      let at: string | null | undefined = team.parent;
      for (; at != null && !rooted.has(at) && !visited.has(at); at = parents.get(at)) {
        if (at === team.key) return problem(["teams", i, "parent"], "teams must form a tree: this parent makes a cycle");
        visited.add(at);
      }
      if (at == null || rooted.has(at)) for (const key of [team.key, ...visited]) rooted.add(key);
    });

    for (const p of [...contestProblems(doc.contests, doc.metrics), ...badgeProblems(doc.badges, metricKeys), ...levelProblems(doc.levels)])
      problem(p.path, p.message);

    doc.targets.forEach((target, i) => {
      if ("team" in target.subject && !teamKeys.has(target.subject.team)) {
        problem(["targets", i, "subject", "team"], `no team "${target.subject.team}" in teams`);
      }
      if (target.metric !== null && !metricKeys.has(target.metric)) {
        problem(["targets", i, "metric"], `no metric "${target.metric}" in metrics`);
      }
    });
    checkFunnels(doc.funnels, metricKeys, problem);
  })
  .openapi("ProgramDocumentInput", {
    description: "The program document: PUT replaces metrics, teams and targets as a whole; a metric left out is archived.",
    example: {
      name: "Social selling",
      timezone: "Europe/London",
      requireOptIn: true,
      visibility: "public",
      teamAggregation: "mean",
      metrics: [
        { key: "social-post", name: "Social posts", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5 },
        { key: "call-prep", name: "Call preparation (minutes)", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: 60, effectiveFrom: "2026-01-05" },
        { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null },
      ],
      teams: [
        { key: "sales", name: "Sales", parent: null },
        { key: "north", name: "North", parent: "sales" },
      ],
      targets: [{ key: "north-weekly", subject: { team: "north" }, metric: null, period: "week", value: 400 }],
    },
  });

export type ProgramDocument = z.output<typeof programDocument>;

function uniqueKeys(items: readonly { key: string }[], field: string, problem: (path: (string | number)[], message: string) => void): Set<string> {
  const keys = new Set<string>();
  items.forEach((item, i) => {
    if (keys.has(item.key)) problem([field, i, "key"], `key "${item.key}" appears more than once`);
    keys.add(item.key);
  });
  return keys;
}

/** Every stage names a metric of the document, once per funnel; funnel keys are unique. */
function checkFunnels(
  funnels: readonly z.output<typeof funnelSchema>[],
  metricKeys: ReadonlySet<string>,
  problem: (path: (string | number)[], message: string) => void,
): void {
  uniqueKeys(funnels, "funnels", problem);
  funnels.forEach((funnel, i) => {
    const seen = new Set<string>();
    funnel.stages.forEach((stage, j) => {
      if (!metricKeys.has(stage)) problem(["funnels", i, "stages", j], `no metric "${stage}" in metrics`);
      else if (seen.has(stage)) problem(["funnels", i, "stages", j], `metric "${stage}" is a stage already`);
      seen.add(stage);
    });
  });
}

// The stored document, as GET and PUT answer it: decimals as JSON numbers, defaults filled in.

const keyAnswer = (example: string) => z.string().openapi({ example });

export const metricAnswer = z
  .object({
    key: keyAnswer("social-post"),
    name: z.string().openapi({ example: "Social posts" }),
    indicator: z.enum(["lead", "lag"]),
    aggregation: z.enum(["count", "sum", "gauge"]),
    points: z.number().openapi({ example: 2 }),
    dailyCap: z.number().nullable().openapi({ example: 5 }),
    effectiveFrom: z.string().openapi({ description: "the day the metric's current weight counts from", example: "2026-01-05" }),
  })
  .openapi("Metric");

export const teamAnswer = z
  .object({ key: keyAnswer("north"), name: z.string().openapi({ example: "North" }), parent: z.string().nullable().openapi({ example: "sales" }) })
  .openapi("Team");

export const targetAnswer = z
  .object({
    key: keyAnswer("north-weekly"),
    subject: z.union([z.object({ participant: z.string().openapi({ example: "p-01" }) }), z.object({ team: z.string().openapi({ example: "north" }) })]),
    metric: z.string().nullable().openapi({ example: null }),
    period: z.enum(["week", "month", "quarter"]),
    value: z.number().openapi({ example: 400 }),
  })
  .openapi("Target");

export const contestAnswer = z
  .object({
    key: keyAnswer("spring-sprint"),
    name: z.string().openapi({ example: "Spring sprint" }),
    start: z.string().openapi({ example: "2026-03-02" }),
    end: z.string().openapi({ example: "2026-03-15" }),
    metrics: z
      .array(z.string())
      .nullable()
      .openapi({ example: ["social-post"] }),
    cohort: z.string().nullable().openapi({ example: null }),
  })
  .openapi("ContestDefinition");

export const badgeAnswer = z
  .object({
    key: keyAnswer("on-a-roll"),
    name: z.string().openapi({ example: "On a roll" }),
    description: z.string().openapi({ example: "Scored on 5 days in a row" }),
    rule: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("streak"), days: z.number().int() }),
      z.object({ kind: z.literal("day"), points: z.number() }),
      z.object({ kind: z.literal("week"), points: z.number() }),
      z.object({ kind: z.literal("total"), metric: z.string().nullable(), value: z.number() }),
      z.object({ kind: z.literal("top"), rank: z.number().int() }),
    ]),
  })
  .openapi("Badge");

export const levelAnswer = z.object({ name: z.string().openapi({ example: "Silver" }), points: z.number().openapi({ example: 500 }) }).openapi("Level");

export const funnelAnswer = z
  .object({
    key: keyAnswer("social-pipeline"),
    name: z.string().openapi({ example: "Social pipeline" }),
    stages: z.array(z.string()).openapi({ example: ["post-engagement", "meeting-booked", "proposal-sent", "deal-won"] }),
  })
  .openapi("Funnel");

export const programDocumentAnswer = z
  .object({
    name: z.string().openapi({ example: "Social selling" }),
    timezone: z.string().openapi({ example: "Europe/London" }),
    requireOptIn: z.boolean(),
    visibility: z.enum(["private", "public"]),
    teamAggregation: z.enum(["sum", "mean"]),
    metrics: z.array(metricAnswer).openapi({ description: "the live metrics; archived ones are left out" }),
    teams: z.array(teamAnswer),
    targets: z.array(targetAnswer),
    contests: z.array(contestAnswer),
    badges: z.array(badgeAnswer),
    levels: z.array(levelAnswer),
    funnels: z.array(funnelAnswer).optional().openapi({ description: "present once the program has any" }),
  })
  .openapi("ProgramDocument");
