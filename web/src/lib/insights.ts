/** Shapes of the manager insights' answers (worker/engine/insights-*.ts), and what their pages share. */

/** One line (or set of bars) of an InsightChart. */
export interface Series {
  label: string;
  data: (number | null)[];
  color: string;
  dashed?: boolean;
  /** What the figures' table shows where the chart plots something derived (an index): the values themselves. */
  figures?: (number | null)[];
}

/** Distinct colours for lines, in order. */
export const PALETTE = ["#0369a1", "#b45309", "#15803d", "#7c3aed", "#be123c", "#0f766e", "#4d7c0f", "#9333ea"];

export interface Association {
  rho: number;
  ci95: { low: number; high: number };
  pValue: number;
  adjustedPValue: number;
  n: number;
  significant: boolean;
}

export interface Indicators {
  outcome: { key: string; name: string };
  weeks: { count: number; first: { label: string }; last: { label: string } };
  participantWeeks: number;
  indicators: { metric: string | null; name: string; currentPoints: number | null; sameWeek: Association | null; nextWeek: Association | null }[];
  suggestedWeights: { n: number; weights: { metric: string; currentPoints: number; suggestedPoints: number; outcomePerUnit: number }[] } | null;
  method: { units: string; association: string; suggestedWeights: string };
  caveat: string;
}

export interface Change {
  participant?: string;
  team?: string;
  name: string;
  metric: string;
  metricName: string;
  direction: "up" | "down";
  endedWeek: number;
  baselineWeeklyMean: number;
  baselineWeeks: number;
  rateRatio: number | null;
  pValue: number;
  adjustedPValue: number;
}

export interface Changes {
  week: { label: string };
  baseline: { weeks: number; first: string; last: string };
  tested: number;
  changes: Change[];
  dispersion: { metric: string; value: number }[];
  method: string;
  counts: string;
}

export interface FunnelStage {
  metric: string;
  name: string;
  units: number;
  conversion: number | null;
}

export interface FunnelForecast {
  period: { label: string };
  elapsed: number;
  stages: { metric: string; units: number; forecast: number | null }[];
  lastStage: number | null;
}

export interface FunnelReport {
  funnel: { key: string; name: string; stages: { metric: string; name: string }[] };
  subject: { program: string } | { team: string; name: string; members: number } | { participant: string; displayName: string };
  period: { kind: string; label: string; start: string | null; end: string | null };
  stages: FunnelStage[];
  bottleneck: { from: string; to: string; conversion: number } | null;
  conversions: { from: string; to: string; conversion: number | null; historical: number | null; history: { period: string; conversion: number | null }[] }[];
  history: { period: { label: string }; stages: FunnelStage[] }[];
  forecast: { month: FunnelForecast; quarter: FunnelForecast };
  method: string;
}

export interface Trends {
  weeks: { label: string; participants: number; optedIn: number; active: number; meanLeadScorePerActive: number; metrics: { metric: string; units: number; cappedUnits: number }[] }[];
  metrics: { key: string; name: string; indicator: "lead" | "lag"; aggregation: "count" | "sum"; archived: boolean }[];
  weightChanges: {
    metric: string;
    name: string;
    effectiveFrom: string;
    week: string;
    points: { before: number; after: number };
    dailyCap: { before: number | null; after: number | null };
    before: { weeks: number; meanWeeklyCappedUnits: number; meanLeadScorePerActive: number } | null;
    after: { weeks: number; meanWeeklyCappedUnits: number; meanLeadScorePerActive: number } | null;
    difference: { meanWeeklyCappedUnits: number; ratio: number | null; meanLeadScorePerActive: number } | null;
  }[];
  method: string;
}

/** A p-value as people read it: "< 0.0001" for the tiny ones. */
export const pValue = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

/** "W47" from "2026-W47". */
export const shortWeek = (label: string) => `W${label.split("-W")[1]}`;
