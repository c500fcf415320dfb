/** Shapes of the manager insights' answers (worker/engine/insights-*.ts), and what their pages share. */
import type { z } from "zod";
import type { changesAnswer, funnelAnswer, indicatorsAnswer, trendsAnswer } from "$schemas/insights";

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

/** The insights' answers: z.output of the API's answer schemas (worker/schemas/insights.ts). */
export type Indicators = z.output<typeof indicatorsAnswer>;
export type Association = NonNullable<Indicators["indicators"][number]["sameWeek"]>;
export type Changes = z.output<typeof changesAnswer>;
export type Change = Changes["changes"][number];
export type FunnelReport = z.output<typeof funnelAnswer>;
export type FunnelStage = FunnelReport["stages"][number];
export type FunnelForecast = FunnelReport["forecast"]["month"];
export type Trends = z.output<typeof trendsAnswer>;

/** A p-value as people read it: "< 0.0001" for the tiny ones. */
export const pValue = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

/** "W47" from "2026-W47". */
export const shortWeek = (label: string) => `W${label.split("-W")[1]}`;
