/**
 * A seller's weekly digest: their week beside the last, where they stand overall and among their
 * cohort, their targets and streak, and one coaching line from the week's top 10.
 */
import { biggestGap } from "../../scoring/coaching";
import { fromHundredths, fromTenThousandths } from "../../scoring/decimal";
import { parsePeriod, periodBefore, previousDay } from "../../scoring/periods";
import { versionOn } from "../../scoring/weights";
import type { WeeklyReport } from "./reports";
import type { Participant } from "./roster";
import { scorecard } from "./scorecard";
import type { EngineState } from "./state";

export function weeklyDigest(state: EngineState, p: Participant, report: WeeklyReport, now: number) {
  const week = parsePeriod("week", report.week)!;
  // Streaks and targets are read as at the end of the week, not today: later days do not count.
  const weekEnd = Math.min(now, Date.parse(report.period.end!) - 1);
  const card = scorecard(state, p, { ...week, contest: null }, weekEnd, week.endDay);
  const scoreT = state.scoreOf(p.pk, week);
  const previousScoreT = state.scoreOf(p.pk, periodBefore(week));
  const entry = report.entries.find((e) => e.id === p.id) ?? null;
  return {
    program: state.program.slug,
    week: report.week,
    period: report.period,
    participant: { id: p.id, displayName: p.displayName, team: p.team, cohort: p.cohort },
    score: card.score,
    previousScore: fromTenThousandths(previousScoreT),
    scoreChange: fromTenThousandths(scoreT - previousScoreT),
    rank: card.rank,
    of: card.of,
    percentile: card.percentile,
    cohort: card.cohort,
    power100: entry && { rank: entry.rank, previousRank: entry.previousRank, rankChange: entry.rankChange },
    targets: card.targets,
    streak: card.streak,
    byMetric: card.byMetric,
    coaching: coachingLine(state, p, report),
  };
}

/** The lead metric where the seller is furthest below the top 10's average, in points; null where they are not behind. */
function coachingLine(state: EngineState, p: Participant, report: WeeklyReport) {
  const top = report.entries
    .filter((e) => e.rank <= 10)
    .map((e) => state.roster.find(e.id))
    .filter((x) => x !== undefined);
  if (top.length === 0) return null;
  const week = parsePeriod("week", report.week)!;
  const lastDay = previousDay(week.endDay!);
  const cappedOf = (pk: number) => {
    const sums = new Map<number, number>();
    for (const r of state.rollupsOf(pk, week)) sums.set(r.metricId, (sums.get(r.metricId) ?? 0) + r.cappedH);
    return sums;
  };
  const own = cappedOf(p.pk);
  const tops = top.map((x) => cappedOf(x.pk));
  // In the program's own order: biggestGap breaks ties by it.
  const metrics = state.program.metrics.filter((m) => !m.archived && m.indicator === "lead");
  const gap = biggestGap(
    metrics.map((m) => ({
      metric: m.key,
      pointsH: versionOn(m.versions, lastDay).pointsH,
      ownH: own.get(m.id) ?? 0,
      topH: tops.map((t) => t.get(m.id) ?? 0),
    })),
  );
  if (!gap) return null;
  const name = metrics.find((m) => m.key === gap.metric)!.name;
  const worth = fromTenThousandths(gap.worth);
  return {
    metric: gap.metric,
    yours: fromHundredths(gap.ownH),
    top10Average: fromHundredths(gap.topAverageH),
    worth,
    message: `The week's top 10 averaged ${fromHundredths(gap.topAverageH)} on "${name}"; you had ${fromHundredths(gap.ownH)}. Matching them would have been worth ${worth} points.`,
  };
}
