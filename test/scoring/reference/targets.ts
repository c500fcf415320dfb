/** The tests' reference models beside scoring/targets.ts: production never calls them. */
import { type TeamAggregation, teamScore } from "../../../scoring/teams";

/**
 * A team target's actual from its members' actuals (ten-thousandths). Capped units of a metric add
 * up over the members; a lead score (`metric` null) is the team's score as SPEC §2.10 makes it,
 * the sum or the mean. A team without members has achieved nothing: 0.
 */
export function teamTargetActual(memberActualsT: readonly number[], metric: string | null, aggregation: TeamAggregation): number {
  if (memberActualsT.length === 0) return 0;
  const sum = memberActualsT.reduce((a, b) => a + b, 0);
  return metric === null ? teamScore({ sum, count: memberActualsT.length }, aggregation) : sum;
}
