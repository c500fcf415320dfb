/**
 * Keeping `ranked_counts` equal to the number of ranked participants per program, cohort and team
 * ("" for none). A write that adds, moves, ranks or removes participants puts `leaveRankedCounts`
 * before its change and `joinRankedCounts` after it (an erasure only leaves), over the same
 * participants, in one batch.
 */
import { type SQL, sql } from "drizzle-orm";

/** `where` picks rows of `participants p`; each ranked one adds `change` to its group. */
function addToRankedCounts(where: SQL, change: 1 | -1): SQL {
  return sql`
    INSERT INTO ranked_counts (program_id, cohort, team_key, n)
    SELECT p.program_id, COALESCE(p.cohort, ''), COALESCE(p.team_key, ''), ${change} * COUNT(*)
    FROM participants p WHERE p.ranked = 1 AND ${where}
    GROUP BY p.program_id, COALESCE(p.cohort, ''), COALESCE(p.team_key, '')
    ON CONFLICT (program_id, cohort, team_key) DO UPDATE SET n = n + excluded.n`;
}

/** The participants `where` picks leave their groups. Before the statement that changes them. */
export const leaveRankedCounts = (where: SQL): SQL => addToRankedCounts(where, -1);

/** The participants `where` picks join their groups as they now are. After the statement that changes them. */
export const joinRankedCounts = (where: SQL): SQL => addToRankedCounts(where, 1);
