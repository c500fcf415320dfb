/**
 * "What changed for real": which counts in the week that just ended differ from their own recent
 * baseline by more than Poisson noise, after correcting for the many series looked at.
 */
import { binomialTwoSidedPValue } from "./distributions";
import { benjaminiHochberg, FALSE_DISCOVERY_RATE } from "./multiple-testing";

/** Weeks of baseline before the ended week. */
export const BASELINE_WEEKS = 8;

export const WEEKLY_CHANGE_METHOD =
  "conditional exact binomial test of two Poisson rates (ended-week count out of ended + baseline counts " +
  "against 1/(1 + baseline weeks), two-sided as R's binom.test); Benjamini–Hochberg across every series tested at q = 0.05";

export type InsightSubject = { participant: string } | { team: string };

export interface WeeklyCountSeries {
  subject: InsightSubject;
  metric: string;
  /** Counts of the weeks before the ended one, oldest first: BASELINE_WEEKS of them, fewer for a newcomer. */
  baselineWeeks: readonly number[];
  /** The count in the week that just ended. */
  endedWeek: number;
}

export interface WeeklyChange {
  subject: InsightSubject;
  metric: string;
  direction: "up" | "down";
  endedWeek: number;
  baselineWeeklyMean: number;
  /** endedWeek / baselineWeeklyMean; null where the baseline had none (anything is up from nothing). */
  rateRatio: number | null;
  pValue: number;
  adjustedPValue: number;
}

export interface WeeklyChanges {
  method: string;
  /** Series tested: those with a baseline and a count anywhere in it or the ended week. */
  tested: number;
  /** The significant changes, smallest p-value first. */
  changes: WeeklyChange[];
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/**
 * If the ended week's count k and the baseline's total b come from Poisson processes of the same
 * weekly rate, then given n = k + b, k ~ Binomial(n, 1/(1 + w)) for w baseline weeks (Przyborowski
 * & Wilenski 1940; Lehmann & Romano, Testing Statistical Hypotheses, §4.5). Conditioning removes
 * the unknown rate, so the test is exact at any size, which matters for the small weekly counts of
 * one seller. A series with no counts at all (n = 0) cannot show a change and is not tested.
 */
export function weeklyChanges(series: readonly WeeklyCountSeries[], q: number = FALSE_DISCOVERY_RATE): WeeklyChanges {
  const tested: (WeeklyChange & { order: number })[] = [];
  series.forEach((s, order) => {
    if (!isCount(s.endedWeek) || !s.baselineWeeks.every(isCount)) {
      throw new RangeError(`weekly counts are whole numbers ≥ 0 (${s.metric})`);
    }
    const weeks = s.baselineWeeks.length;
    const baseline = s.baselineWeeks.reduce((a, b) => a + b, 0);
    const n = s.endedWeek + baseline;
    if (weeks === 0 || n === 0) return;
    const baselineWeeklyMean = baseline / weeks;
    tested.push({
      subject: s.subject,
      metric: s.metric,
      direction: s.endedWeek > baselineWeeklyMean ? "up" : "down",
      endedWeek: s.endedWeek,
      baselineWeeklyMean,
      rateRatio: baseline === 0 ? null : s.endedWeek / baselineWeeklyMean,
      pValue: binomialTwoSidedPValue(s.endedWeek, n, 1 / (1 + weeks)),
      adjustedPValue: 1,
      order,
    });
  });
  const adjusted = benjaminiHochberg(tested.map((t) => t.pValue));
  tested.forEach((t, i) => (t.adjustedPValue = adjusted[i]));
  const changes = tested
    .filter((t) => t.adjustedPValue <= q)
    .sort((a, b) => a.pValue - b.pValue || a.order - b.order)
    .map(({ order: _, ...change }) => change);
  return { method: WEEKLY_CHANGE_METHOD, tested: tested.length, changes };
}
