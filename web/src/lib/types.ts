/**
 * Shapes of the API's answers, as the site reads them: derived from the API's own zod schemas
 * (worker/schemas, alias `$schemas`; type imports only), so a change there is a type error here.
 */
import type { z } from "zod";
import type { badgeSchema, levelSchema, metricSchema, programDocument, teamSchema } from "$schemas/programs";

/** The program document as a PUT sends it (before the API's transforms: decimals, not hundredths). */
type DocumentIn = z.input<typeof programDocument>;
/** The program document as the API stores it, every default filled in. */
type DocumentOut = z.output<typeof programDocument>;

export type Metric = z.output<typeof metricSchema>;
export type Team = z.output<typeof teamSchema>;

export interface Summary extends Pick<DocumentOut, "name" | "timezone" | "visibility" | "requireOptIn" | "teamAggregation"> {
  slug: string;
  today: string;
  metrics: Pick<Metric, "key" | "name" | "indicator" | "aggregation">[];
  teams: Team[];
  cohorts: { name: string; size: number }[];
}

export interface PeriodInfo {
  kind: string;
  label: string;
  start: string | null;
  end: string | null;
}

export interface BoardEntry {
  rank: number;
  id: string;
  displayName: string;
  team?: string | null;
  members?: number;
  score: number;
}

export interface Board {
  program: string;
  scope: "individual" | "team";
  period: PeriodInfo;
  /** The metric a metric board ranks by (SPEC §5.2), or null for the lead score. */
  metric?: string | null;
  cohort: string | null;
  total: number;
  entries: BoardEntry[];
  nextCursor: string | null;
}

export interface ReportEntry {
  rank: number;
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
  score: number;
  previousRank: number | null;
  rankChange: number | null;
  scoreChange: number;
}

export interface Report {
  program: string;
  week: string;
  period: PeriodInfo;
  generatedAt: string;
  total: number;
  entries: ReportEntry[];
  movers: string[];
  newEntries: string[];
}

export interface Target extends Pick<TargetDefinition, "key" | "metric" | "period" | "value"> {
  actual: number;
  attainment: number;
  expected: number;
  status: "met" | "on_track" | "behind";
  /** Where the actual will land at the period's end, and what that means for the target. */
  forecast?: number;
  forecastStatus?: "will_meet" | "at_risk" | "will_miss";
}

/** A contest as `GET …/contests` lists it (SPEC §5.3): start and end are instants. */
export interface Contest {
  key: string;
  name: string;
  start: string;
  end: string;
  status: "upcoming" | "running" | "ended";
  metrics: string[] | null;
  cohort: string | null;
}

/** A badge as the program document writes it (X as a decimal); the API answers its description always. */
export type BadgeDefinition = Required<z.input<typeof badgeSchema>>;
export type BadgeRule = BadgeDefinition["rule"];
export type LevelDefinition = z.input<typeof levelSchema>;

/** Where a target's subject, metric and period come from: the document's targets. */
export type TargetDefinition = NonNullable<DocumentIn["targets"]>[number];

/** `GET …/game`: the program's badge rules and levels. */
export interface GameRules {
  badges: BadgeDefinition[];
  levels: LevelDefinition[];
}

export interface EarnedBadge {
  key: string;
  name: string;
  earnedOn: string;
}

/** A score card's level (SPEC §5.5). */
export interface Level {
  name: string;
  points: number;
  next: { name: string; points: number } | null;
}
