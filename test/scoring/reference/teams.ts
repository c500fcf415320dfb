/** The tests' reference models beside scoring/teams.ts: production never calls them. */
import { type Team, type TeamAggregation, type TeamEntry, type TeamMember, directTotals, rankTeamTotals, rollUp } from "../../../scoring/teams";

/** The team board from the ranked participants and their scores. */
export function rankTeams(teams: readonly Team[], participants: Iterable<TeamMember>, aggregation: TeamAggregation): TeamEntry[] {
  return rankTeamTotals(rollUp(teams, directTotals(participants)), aggregation);
}
