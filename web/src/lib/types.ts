/** Shapes of the API's answers, as the site reads them. */
export interface Summary {
  slug: string;
  name: string;
  timezone: string;
  visibility: "public" | "private";
  requireOptIn: boolean;
  teamAggregation: "sum" | "mean";
  today: string;
  metrics: { key: string; name: string; indicator: "lead" | "lag"; aggregation: "count" | "sum" | "gauge" }[];
  teams: { key: string; name: string; parent: string | null }[];
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

export interface Target {
  key: string;
  metric: string | null;
  period: string;
  value: number;
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

export type BadgeRule =
  | { kind: "streak"; days: number }
  | { kind: "day" | "week"; points: number }
  | { kind: "total"; metric: string | null; value: number }
  | { kind: "top"; rank: number };

export interface BadgeDefinition {
  key: string;
  name: string;
  description: string;
  rule: BadgeRule;
}

export interface LevelDefinition {
  name: string;
  points: number;
}

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
