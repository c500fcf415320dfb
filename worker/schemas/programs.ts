/** The program document (SPEC §4): metrics, teams and targets, replaced as a whole by a PUT. */
import { z } from "zod";
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
  subject: z.union([
    z.strictObject({ participant: printable(1, 128) }),
    z.strictObject({ team: key }),
  ]),
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
export const levelSchema = z.strictObject({ name: displayText, points: hundredths({ positive: false }) }).transform(({ name, points }) => ({ name, pointsH: points }));

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

    for (const p of [
      ...contestProblems(doc.contests, doc.metrics),
      ...badgeProblems(doc.badges, metricKeys),
      ...levelProblems(doc.levels),
    ]) problem(p.path, p.message);

    doc.targets.forEach((target, i) => {
      if ("team" in target.subject && !teamKeys.has(target.subject.team)) {
        problem(["targets", i, "subject", "team"], `no team "${target.subject.team}" in teams`);
      }
      if (target.metric !== null && !metricKeys.has(target.metric)) {
        problem(["targets", i, "metric"], `no metric "${target.metric}" in metrics`);
      }
    });
    checkFunnels(doc.funnels, metricKeys, problem);
  });

export type ProgramDocument = z.output<typeof programDocument>;

function uniqueKeys(
  items: readonly { key: string }[],
  field: string,
  problem: (path: (string | number)[], message: string) => void,
): Set<string> {
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
