/**
 * A program document (SPEC §4) against what the engine stores: the new stored program, and what
 * saving it changes for scores. Weight changes follow SPEC §2.4 (scoring/weights.ts); a metric
 * left out is archived, never deleted, so its points stay.
 */
import type { BadgeRule } from "../../scoring/badges";
import { fromHundredths } from "../../scoring/decimal";
import { applyWeight, FIRST_DAY } from "../../scoring/weights";
import { conflict, invalid } from "../errors";
import type { ProgramDocument } from "../schemas/programs";
import { funnelsOf, type ProgramSettings, type StoredMetric, type StoredProgram } from "./program";

export interface DocumentChange {
  program: StoredProgram;
  /** Metrics whose days from `from` on must be scored again, or null. */
  rescore: { metricIds: number[]; from: string } | null;
  /** Whether the opt-in rule changed, so who is ranked must be decided again. */
  rerank: boolean;
}

export interface StoredFacts {
  /** Whether any event is stored: the time zone is locked from then on. */
  hasEvents: boolean;
  /** Team keys that participants are in. */
  teamsInUse: ReadonlySet<string>;
}

export function changeDocument(
  stored: StoredProgram | null,
  settings: Pick<ProgramSettings, "programId" | "slug">,
  doc: ProgramDocument,
  today: string,
  facts: StoredFacts,
): DocumentChange {
  if (stored && facts.hasEvents && stored.timezone !== doc.timezone) {
    throw conflict("timezone_locked", "the timezone cannot change once the program has events: local days would move");
  }
  const keptTeams = new Set(doc.teams.map((t) => t.key));
  const removed = [...facts.teamsInUse].filter((t) => !keptTeams.has(t));
  if (removed.length) {
    throw conflict("team_in_use", "teams that still have participants cannot be removed; move the participants first", { teams: removed });
  }
  const byKey = new Map((stored?.metrics ?? []).map((m) => [m.key, m]));
  const problems = doc.metrics.flatMap((m, i) => {
    const before = byKey.get(m.key);
    return before && before.aggregation !== m.aggregation
      ? [{ path: `metrics[${i}].aggregation`, message: "cannot change once the metric exists; use a new key" }]
      : [];
  });
  if (problems.length) throw invalid(problems);

  let nextId = Math.max(0, ...(stored?.metrics ?? []).map((m) => m.id)) + 1;
  let rescoreFrom: string | null = null;
  const rescored: number[] = [];
  const live: StoredMetric[] = doc.metrics.map((m) => {
    const before = byKey.get(m.key);
    const change = applyWeight(before?.versions ?? [], { pointsH: m.points, dailyCapH: m.dailyCap }, m.effectiveFrom ?? null, today);
    const metric: StoredMetric = {
      id: before?.id ?? nextId++,
      key: m.key,
      name: m.name,
      indicator: m.indicator,
      aggregation: m.aggregation,
      archived: false,
      versions: change.versions,
    };
    // A metric that changes between lead and lag moves all of its points.
    const from = before && before.indicator !== m.indicator ? FIRST_DAY : before ? change.rescoreFrom : null;
    if (from !== null) {
      rescored.push(metric.id);
      rescoreFrom = rescoreFrom === null || from < rescoreFrom ? from : rescoreFrom;
    }
    return metric;
  });
  const listed = new Set(doc.metrics.map((m) => m.key));
  const archived = (stored?.metrics ?? []).filter((m) => !listed.has(m.key)).map((m) => ({ ...m, archived: true }));

  return {
    program: {
      programId: settings.programId,
      slug: settings.slug,
      name: doc.name,
      timezone: doc.timezone,
      requireOptIn: doc.requireOptIn,
      visibility: doc.visibility,
      teamAggregation: doc.teamAggregation,
      metrics: [...live, ...archived],
      teams: doc.teams.map((t) => ({ key: t.key, name: t.name, parent: t.parent })),
      targets: doc.targets.map((t) => ({ key: t.key, subject: t.subject, metric: t.metric, period: t.period, valueH: t.value })),
      contests: doc.contests,
      badges: doc.badges,
      levels: doc.levels,
      funnels: doc.funnels.map((f) => ({ key: f.key, name: f.name, stages: f.stages })),
    },
    rescore: rescoreFrom === null ? null : { metricIds: rescored, from: rescoreFrom },
    rerank: stored !== null && stored.requireOptIn !== doc.requireOptIn,
  };
}

/** The document as a GET answers it: live metrics with their latest weight, teams and targets. */
export function documentOf(p: StoredProgram) {
  return {
    name: p.name,
    timezone: p.timezone,
    requireOptIn: p.requireOptIn,
    visibility: p.visibility,
    teamAggregation: p.teamAggregation,
    metrics: p.metrics
      .filter((m) => !m.archived)
      .map((m) => {
        const v = m.versions.at(-1)!;
        return {
          key: m.key,
          name: m.name,
          indicator: m.indicator,
          aggregation: m.aggregation,
          points: fromHundredths(v.pointsH),
          dailyCap: v.dailyCapH === null ? null : fromHundredths(v.dailyCapH),
          effectiveFrom: v.effectiveFrom,
        };
      }),
    teams: p.teams,
    targets: p.targets.map((t) => ({ key: t.key, subject: t.subject, metric: t.metric, period: t.period, value: fromHundredths(t.valueH) })),
    contests: p.contests ?? [],
    badges: (p.badges ?? []).map((b) => ({ key: b.key, name: b.name, description: b.description, rule: ruleOf(b.rule) })),
    levels: (p.levels ?? []).map((l) => ({ name: l.name, points: fromHundredths(l.pointsH) })),
    // Only once there are any: documents without funnels read as they did before funnels existed.
    ...(funnelsOf(p).length > 0 ? { funnels: funnelsOf(p) } : {}),
  };
}

/** A badge rule as the document writes it: X as a decimal. */
function ruleOf(rule: BadgeRule) {
  switch (rule.kind) {
    case "day":
    case "week":
      return { kind: rule.kind, points: fromHundredths(rule.pointsH) };
    case "total":
      return { kind: rule.kind, metric: rule.metric, value: fromHundredths(rule.valueH) };
    default:
      return rule;
  }
}
