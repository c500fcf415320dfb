/** Re-scoring after a weight change (SPEC §2.4): the affected days' rollups get the versions now in force. */
import { dayFigures } from "../../scoring/score";
import type { StoredProgram } from "./program";
import type { EngineState } from "./state";

/** Scores the metrics' rollups from `from` on again with the program's versions; inside the caller's transaction. */
export function rescore(state: EngineState, program: StoredProgram, metricIds: number[], from: string): void {
  const metrics = new Map(program.metrics.map((m) => [m.id, m]));
  const rows = state.storage.rollupsFrom(metricIds, from).map((r) => ({ ...r, ...dayFigures(metrics.get(r.metricId)!, r.day, r.unitsH) }));
  state.storage.writeRollups(rows);
}
