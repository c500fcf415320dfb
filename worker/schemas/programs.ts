/** The program document (SPEC §4): metrics, teams and targets, replaced as a whole by a PUT. */
import { z } from "zod";
import { canonicalTimeZone, isTimeZone } from "../../scoring/periods";
import { displayText, hundredths, localDate, printable } from "./common";

const METRIC_KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const key = z.string().regex(METRIC_KEY, "must match ^[a-z0-9][a-z0-9_.-]{0,63}$");

export const metricSchema = z.strictObject({
  key,
  name: displayText,
  indicator: z.enum(["lead", "lag"]),
  aggregation: z.enum(["count", "sum"]),
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

/** A sales line's stages in order (e.g. calls → meetings → proposals → deals): metric keys of this document. */
export const funnelSchema = z.strictObject({
  key,
  name: displayText,
  stages: z.array(key).min(2, "must list at least 2 stages").max(10, "must list at most 10 stages"),
});

export const programDocument = z
  .strictObject({
    name: displayText,
    timezone: z
      .string()
      .refine(isTimeZone, "must be an IANA time zone name, such as Europe/London")
      .transform((tz) => canonicalTimeZone(tz)!),
    requireOptIn: z.boolean().default(true),
    visibility: z.enum(["private", "public"]).default("private"),
    teamAggregation: z.enum(["sum", "mean"]).default("mean"),
    metrics: z.array(metricSchema).max(100).default([]),
    teams: z.array(teamSchema).max(1000).default([]),
    targets: z.array(targetSchema).max(1000).default([]),
    funnels: z.array(funnelSchema).max(20).default([]),
  })
  .superRefine((doc, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const metricKeys = uniqueKeys(doc.metrics, "metrics", problem);
    const teamKeys = uniqueKeys(doc.teams, "teams", problem);
    uniqueKeys(doc.targets, "targets", problem);

    const parents = new Map(doc.teams.map((t) => [t.key, t.parent]));
    doc.teams.forEach((team, i) => {
      if (team.parent === null) return;
      if (!teamKeys.has(team.parent)) return problem(["teams", i, "parent"], `no team "${team.parent}" in teams`);
      // Walk up from the team: coming back to it means the parents form a cycle.
      const visited = new Set<string>();
      for (let at: string | null = team.parent; at !== null && !visited.has(at); at = parents.get(at) ?? null) {
        if (at === team.key) return problem(["teams", i, "parent"], "teams must form a tree: this parent makes a cycle");
        visited.add(at);
      }
    });

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
