/**
 * A program as its engine keeps it: settings, metrics with their weight versions, teams and
 * targets. Stored as one JSON row (program_state); small, read on start and kept in memory.
 */
import type { Badge } from "../../scoring/badges";
import type { Contest } from "../../scoring/contests";
import type { Level } from "../../scoring/levels";
import type { TargetPeriodKind } from "../../scoring/targets";
import type { TeamAggregation } from "../../scoring/teams";
import type { WeightVersion } from "../../scoring/weights";

export interface StoredMetric {
  /** The engine's own number for the metric: rollups and events name it. */
  id: number;
  key: string;
  name: string;
  indicator: "lead" | "lag";
  aggregation: "count" | "sum" | "gauge";
  archived: boolean;
  versions: WeightVersion[];
}

export interface StoredTeam {
  key: string;
  name: string;
  parent: string | null;
}

export interface StoredTarget {
  key: string;
  subject: { participant: string } | { team: string };
  metric: string | null;
  period: TargetPeriodKind;
  valueH: number;
}

export interface StoredFunnel {
  key: string;
  name: string;
  /** Metric keys, in order. */
  stages: string[];
}

export interface ProgramSettings {
  /** D1's id of the program: the engine is addressed by it. */
  programId: number;
  slug: string;
  name: string;
  timezone: string;
  requireOptIn: boolean;
  visibility: "private" | "public";
  teamAggregation: TeamAggregation;
}

export interface StoredProgram extends ProgramSettings {
  /** Live metrics in the document's order, then archived ones. */
  metrics: StoredMetric[];
  teams: StoredTeam[];
  targets: StoredTarget[];
  /** Game mechanics (SPEC §5); absent in programs stored before them. */
  contests?: Contest[];
  badges?: (Badge & { description: string })[];
  levels?: Level[];
  /** Absent in programs stored before funnels existed: read it with funnelsOf. */
  funnels?: StoredFunnel[];
}

export const liveMetrics = (p: StoredProgram) => p.metrics.filter((m) => !m.archived);

export const funnelsOf = (p: StoredProgram): StoredFunnel[] => p.funnels ?? [];
