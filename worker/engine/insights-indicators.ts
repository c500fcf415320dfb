/**
 * "Which behaviours pay off": each lead metric's weekly capped units, and the lead score, against
 * an outcome (a lag metric) in the same week and the next, over the participant-weeks of the last
 * N ended weeks (scoring/insights/lead-indicators.ts does the statistics).
 */
import { ASSOCIATION_METHOD, type Association, leadIndicatorReport, type ParticipantWeek } from "../../scoring/insights/lead-indicators";
import { SUGGESTED_WEIGHTS_METHOD } from "../../scoring/insights/suggested-weights";
import { invalid } from "../errors";
import { describePeriod } from "../period-query";
import { liveMetrics } from "./program";
import { weeklyRollups } from "./insights-reads";
import { currentPoints, endedWeeks, observedWeeks, round } from "./insights-weeks";
import type { EngineState } from "./state";

export const INDICATORS_CAVEAT =
  "Association is not causation: sellers who do more of everything also close more, and a busy week can have a common cause " +
  "(a campaign, the season). Participant-weeks are pooled, so differences between sellers count as well as a seller's own ups " +
  "and downs, and one seller's weeks are not independent: read the p-values as a screen, and test a change of weights before trusting it.";

export function leadIndicators(state: EngineState, outcomeKey: string | undefined, count: number, now: number) {
  const program = state.program;
  const live = liveMetrics(program);
  const lags = live.filter((m) => m.indicator === "lag");
  const outcome = outcomeKey === undefined ? lags[0] : lags.find((m) => m.key === outcomeKey);
  if (!outcome) {
    const known = lags.map((m) => m.key).join(", ");
    const message =
      outcomeKey === undefined
        ? "this program has no lag metric to use as the outcome"
        : `must be the key of a lag metric of this program${known ? ` (${known})` : "; it has none"}`;
    throw invalid([{ path: "outcome", message }]);
  }
  const leads = live.filter((m) => m.indicator === "lead");
  const weeks = endedWeeks(state, count, now);

  // Per participant and week: capped units of each live metric and the lead points.
  const figures = new Map<number, Map<number, { units: Record<string, number>; points: number }>>();
  for (const r of weeklyRollups(state.storage, weeks)) {
    const byWeek = figures.get(r.participantPk) ?? new Map();
    figures.set(r.participantPk, byWeek);
    const cell = byWeek.get(r.week) ?? { units: {}, points: 0 };
    byWeek.set(r.week, cell);
    const key = state.metric(r.metricId)?.key;
    if (key !== undefined) cell.units[key] = (cell.units[key] ?? 0) + r.cappedH / 100;
    cell.points += r.points;
  }

  const participantWeeks: ParticipantWeek[] = [];
  for (const p of state.roster.all()) {
    const byWeek = figures.get(p.pk) ?? new Map();
    const observed = observedWeeks(state, p, weeks, new Set(byWeek.keys()));
    weeks.forEach((w, i) => {
      if (!observed[i]) return;
      const cell = byWeek.get(i);
      const units: Record<string, number> = {};
      for (const m of leads) if (cell?.units[m.key] !== undefined) units[m.key] = cell.units[m.key];
      participantWeeks.push({
        participant: p.id,
        week: w.label,
        leadUnits: units,
        leadScore: (cell?.points ?? 0) / 10_000,
        outcomeUnits: cell?.units[outcome.key] ?? 0,
      });
    });
  }

  const report = leadIndicatorReport(
    participantWeeks,
    leads.map((m) => ({ metric: m.key, points: currentPoints(m) })),
  );
  return {
    program: program.slug,
    outcome: { key: outcome.key, name: outcome.name },
    weeks: { count, first: describePeriod(weeks[0], program.timezone), last: describePeriod(weeks.at(-1)!, program.timezone) },
    participantWeeks: participantWeeks.length,
    indicators: report.indicators.map((i) => {
      const metric = i.metric === null ? null : leads.find((m) => m.key === i.metric)!;
      return {
        metric: i.metric,
        name: metric?.name ?? "Lead score",
        currentPoints: metric ? currentPoints(metric) : null,
        sameWeek: shown(i.sameWeek),
        nextWeek: shown(i.nextWeek),
      };
    }),
    suggestedWeights: report.suggestedWeights && {
      n: report.suggestedWeights.n,
      weights: report.suggestedWeights.weights.map((w) => ({ ...w, outcomePerUnit: round(w.outcomePerUnit, 6) })),
    },
    method: {
      units:
        "per participant-week: each lead metric's capped units, the lead score in points, and the outcome's capped units; weeks a participant was not in the program are left out",
      association: ASSOCIATION_METHOD,
      suggestedWeights: SUGGESTED_WEIGHTS_METHOD,
    },
    caveat: INDICATORS_CAVEAT,
  };
}

/** An association as the answer shows it: ρ and its interval to 4 places, p-values in full. */
function shown(a: Association | null) {
  if (a === null) return null;
  return {
    rho: round(a.rho),
    ci95: { low: round(a.ci95.low), high: round(a.ci95.high) },
    pValue: a.pValue,
    adjustedPValue: a.adjustedPValue,
    n: a.n,
    significant: a.significant,
  };
}
