/**
 * "Do the lead indicators lead?" For each lead metric, and the lead score, how a participant's
 * weekly capped units go with an outcome (a lag metric) in the same week and in the next, and
 * which points the history would suggest.
 */
import { Temporal } from "temporal-polyfill";
import { labelOf, parsePeriod } from "../periods";
import { benjaminiHochberg, FALSE_DISCOVERY_RATE } from "./multiple-testing";
import { type RankCorrelation, spearman } from "./rank-correlation";
import { unitsOf } from "./units-of";
import { type LeadMetricPoints, type SuggestedWeights, suggestWeights } from "./suggested-weights";

export const ASSOCIATION_METHOD =
  "Spearman rank correlation (average ranks for ties) over participant-weeks; 95% CI by Fisher z with the " +
  "Bonett–Wright SE √((1+ρ²/2)/(n−3)); two-sided p from t with n−2 df; Benjamini–Hochberg across every " +
  "metric and lag in the report at q = 0.05";

/** One participant's week, as the engine gathers it. */
export interface ParticipantWeek {
  participant: string;
  /** ISO week label, `YYYY-Www`. */
  week: string;
  /** Capped units of each lead metric that week; a metric left out had none. */
  leadUnits: Readonly<Record<string, number>>;
  /** The lead score that week, in points. */
  leadScore: number;
  /** Capped units of the outcome (lag metric) that week. */
  outcomeUnits: number;
}

export interface Association extends RankCorrelation {
  /** Benjamini–Hochberg adjusted p-value across every association in the report. */
  adjustedPValue: number;
  significant: boolean;
}

export interface LeadIndicator {
  /** The lead metric's key, or null for the lead score (as a target's `metric` is). */
  metric: string | null;
  /** Units and outcome in the same week; null where undefined (under 4 weeks, or no variation). */
  sameWeek: Association | null;
  /** Units in a week and the outcome in the participant's next week. */
  nextWeek: Association | null;
}

export interface LeadIndicatorReport {
  associationMethod: string;
  indicators: LeadIndicator[];
  suggestedWeights: SuggestedWeights | null;
}

function nextWeekLabel(label: string): string {
  const week = parsePeriod("week", label);
  if (week === null || week.label !== label) throw new RangeError(`not an ISO week label: ${label}`);
  return labelOf("week", Temporal.PlainDate.from(week.endDay!));
}

/**
 * The report over `weeks`. A participant-week that is missing was not observed (not a week of
 * zeros): the engine passes zero weeks of opted-in participants explicitly. Next-week pairs need
 * both weeks present. Participant-weeks are pooled, so differences between sellers count as well
 * as a seller's own ups and downs, and repeated weeks of one seller are not independent: read the
 * p-values as a screen, not as proof.
 */
export function leadIndicatorReport(
  weeks: readonly ParticipantWeek[],
  leadMetrics: readonly LeadMetricPoints[],
  q: number = FALSE_DISCOVERY_RATE,
): LeadIndicatorReport {
  const byKey = new Map<string, ParticipantWeek>();
  for (const w of weeks) {
    const key = `${w.week} ${w.participant}`;
    if (byKey.has(key)) throw new RangeError(`participant ${w.participant} has week ${w.week} twice`);
    byKey.set(key, w);
  }
  const nextOf = weeks.map((w) => byKey.get(`${nextWeekLabel(w.week)} ${w.participant}`) ?? null);
  const paired = weeks.flatMap((w, i) => (nextOf[i] === null ? [] : [{ week: w, next: nextOf[i]! }]));

  const predictors: { metric: string | null; value: (w: ParticipantWeek) => number }[] = [
    ...leadMetrics.map((m) => ({ metric: m.metric, value: (w: ParticipantWeek) => unitsOf(w.leadUnits, m.metric) })),
    { metric: null, value: (w: ParticipantWeek) => w.leadScore },
  ];
  const raw = predictors.map((p) => ({
    metric: p.metric,
    sameWeek: spearman(
      weeks.map(p.value),
      weeks.map((w) => w.outcomeUnits),
    ),
    nextWeek: spearman(
      paired.map((x) => p.value(x.week)),
      paired.map((x) => x.next.outcomeUnits),
    ),
  }));

  // One family for Benjamini–Hochberg: every association the report shows.
  const tested = raw.flatMap((r) => [r.sameWeek, r.nextWeek]).filter((r): r is RankCorrelation => r !== null);
  const adjustedPValues = benjaminiHochberg(tested.map((t) => t.pValue));
  const adjusted = new Map(tested.map((r, i) => [r, adjustedPValues[i]]));
  const withAdjusted = (r: RankCorrelation | null): Association | null => {
    if (r === null) return null;
    const adjustedPValue = adjusted.get(r)!;
    return { ...r, adjustedPValue, significant: adjustedPValue <= q };
  };

  return {
    associationMethod: ASSOCIATION_METHOD,
    indicators: raw.map((r) => ({ metric: r.metric, sameWeek: withAdjusted(r.sameWeek), nextWeek: withAdjusted(r.nextWeek) })),
    suggestedWeights: suggestWeights(
      leadMetrics,
      paired.map((x) => leadMetrics.map((m) => unitsOf(x.week.leadUnits, m.metric))),
      paired.map((x) => x.next.outcomeUnits),
    ),
  };
}
