/**
 * Program health over the last N ended weeks: participation, the mean lead score of the sellers
 * who were active, each metric's weekly units, and a marker at each weight change with the
 * weeks around it compared, so a manager sees whether re-weighting moved behaviour.
 */
import { optedInAt } from "../../scoring/optin";
import { type Period, periodInstants } from "../../scoring/periods";
import { describePeriod } from "../period-query";
import { weeklyRollups } from "./insights-reads";
import { endedWeeks, round } from "./insights-weeks";
import type { StoredMetric } from "./program";
import type { EngineState } from "./state";

/** Weeks compared on each side of a weight change. */
export const CHANGE_WINDOW_WEEKS = 4;

export const TRENDS_METHOD =
  "Participation counts today's participants (opted in as at each week's end, where the program requires it; active: any recorded activity). " +
  "The mean lead score is the week's points over its active sellers. Around a weight change, the mean weekly capped units of the metric and " +
  `the mean lead score per active seller over up to ${CHANGE_WINDOW_WEEKS} whole weeks before the change's date and up to ${CHANGE_WINDOW_WEEKS} ` +
  "whole weeks from it; the week it falls in, where that is not a Monday, belongs to neither. A difference is what happened, not what the change caused.";

export function trends(state: EngineState, count: number, now: number) {
  const program = state.program;
  const weeks = endedWeeks(state, count, now);
  const active = weeks.map(() => new Set<number>());
  const points = weeks.map(() => 0);
  const units = new Map<number, { unitsH: number; cappedH: number }[]>();
  for (const r of weeklyRollups(state.storage, weeks)) {
    active[r.week].add(r.participantPk);
    points[r.week] += r.points;
    const row = units.get(r.metricId) ?? weeks.map(() => ({ unitsH: 0, cappedH: 0 }));
    units.set(r.metricId, row);
    row[r.week].unitsH += r.unitsH;
    row[r.week].cappedH += r.cappedH;
  }
  // Live metrics, and archived ones where the weeks hold their units.
  const metrics = program.metrics.filter((m) => !m.archived || units.has(m.id));
  const everyone = [...state.roster.all()];
  const meanScore = (i: number) => (active[i].size === 0 ? 0 : points[i] / 10_000 / active[i].size);
  const weekly = weeks.map((w, i) => {
    const end = periodInstants(w, program.timezone)!.end - 1;
    return {
      ...describePeriod(w, program.timezone),
      participants: everyone.length,
      optedIn: program.requireOptIn ? everyone.filter((p) => optedInAt(p.toggles, end)).length : everyone.length,
      active: active[i].size,
      meanLeadScorePerActive: round(meanScore(i)),
      metrics: metrics.map((m) => ({ metric: m.key, units: (units.get(m.id)?.[i].unitsH ?? 0) / 100, cappedUnits: (units.get(m.id)?.[i].cappedH ?? 0) / 100 })),
    };
  });
  return {
    program: program.slug,
    weeks: weekly,
    metrics: metrics.map((m) => ({ key: m.key, name: m.name, indicator: m.indicator, aggregation: m.aggregation, archived: m.archived })),
    weightChanges: metrics.flatMap((m) => weightChanges(m, weeks, (i) => (units.get(m.id)?.[i].cappedH ?? 0) / 100, meanScore)),
    method: TRENDS_METHOD,
  };
}

/** A marker per weight version after the first dated within the weeks, with the weeks around it compared. */
function weightChanges(m: StoredMetric, weeks: readonly Period[], cappedOf: (i: number) => number, meanScore: (i: number) => number) {
  const versions = [...m.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return versions.slice(1).flatMap((v, k) => {
    const previous = versions[k];
    const inside = weeks.findIndex((w) => w.firstDay! <= v.effectiveFrom && v.effectiveFrom < w.endDay!);
    if (inside < 0) return [];
    const indexes = weeks.map((_, i) => i);
    const before = indexes.filter((i) => weeks[i].endDay! <= v.effectiveFrom).slice(-CHANGE_WINDOW_WEEKS);
    const after = indexes.filter((i) => weeks[i].firstDay! >= v.effectiveFrom).slice(0, CHANGE_WINDOW_WEEKS);
    const side = (is: number[]) =>
      is.length === 0
        ? null
        : { weeks: is.length, meanWeeklyCappedUnits: round(mean(is.map(cappedOf)), 2), meanLeadScorePerActive: round(mean(is.map(meanScore))) };
    const b = side(before);
    const a = side(after);
    return [
      {
        metric: m.key,
        name: m.name,
        effectiveFrom: v.effectiveFrom,
        week: weeks[inside].label,
        points: { before: previous.pointsH / 100, after: v.pointsH / 100 },
        dailyCap: { before: previous.dailyCapH === null ? null : previous.dailyCapH / 100, after: v.dailyCapH === null ? null : v.dailyCapH / 100 },
        before: b,
        after: a,
        difference:
          a && b
            ? {
                meanWeeklyCappedUnits: round(a.meanWeeklyCappedUnits - b.meanWeeklyCappedUnits, 2),
                ratio: b.meanWeeklyCappedUnits === 0 ? null : round(a.meanWeeklyCappedUnits / b.meanWeeklyCappedUnits, 4),
                meanLeadScorePerActive: round(a.meanLeadScorePerActive - b.meanLeadScorePerActive),
              }
            : null,
      },
    ];
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
