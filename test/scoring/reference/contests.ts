/** The tests' reference models beside scoring/contests.ts: production never calls them. */
import { type Contest, type ContestPeriod, contestPeriod, scoresIn } from "../../../scoring/contests";

/** The contest named by a query's `at`, as a period; null where no contest has that key (404). */
export function contestPeriodAt(contests: readonly Contest[], at: string): ContestPeriod | null {
  const contest = contests.find((c) => c.key === at);
  return contest ? contestPeriod(contest) : null;
}

/**
 * The contest score, in ten-thousandths: the daily points of the contest's metrics over its days,
 * from a participant's daily rollups (points as dayFigures gives them: 0 for lag metrics, so
 * `metrics: null` may simply add every row).
 */
export function contestScore(contest: Pick<Contest, "start" | "end" | "metrics">, rollups: Iterable<{ metric: string; day: string; points: number }>): number {
  let score = 0;
  for (const r of rollups) {
    if (contest.start <= r.day && r.day <= contest.end && scoresIn(contest, r.metric)) score += r.points;
  }
  return score;
}
