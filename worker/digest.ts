/**
 * A seller's weekly digest: their week beside the last, where they stand overall and among their
 * cohort, their targets and streak, and one coaching line from the week's top 10.
 */
import { sql } from "drizzle-orm";
import { biggestGap } from "../scoring/coaching";
import { fromHundredths, fromTenThousandths } from "../scoring/decimal";
import { versionOn } from "../scoring/weights";
import type { Db } from "./context";
import { json } from "./db/client";
import { scoreOf } from "./db/boards";
import type { ParticipantRow } from "./db/participants";
import type { ProgramRow } from "./db/programs";
import { previousWeek, weekOf, type WeeklyReport } from "./reports";
import { scorecard } from "./scorecard";

export async function weeklyDigest(db: Db, program: ProgramRow, participant: ParticipantRow, report: WeeklyReport, now: number) {
  const week = weekOf(report.week)!;
  const lastDay = week.endDay!;
  // Streaks and targets are read as at the end of the week, not today: later days do not count.
  const weekEnd = Math.min(now, Date.parse(report.period.end!) - 1);
  const [card, scoreT, previousScoreT] = await Promise.all([
    scorecard(db, program, participant, week, weekEnd, lastDay),
    scoreOf(db, participant.pk, week.label),
    scoreOf(db, participant.pk, previousWeek(week).label),
  ]);
  const entry = report.entries.find((e) => e.id === participant.id) ?? null;
  const coaching = await coachingLine(db, program, participant, report, week.firstDay!, lastDay);
  return {
    program: program.slug,
    week: report.week,
    period: report.period,
    participant: { id: participant.id, displayName: participant.displayName, team: participant.teamKey, cohort: participant.cohort },
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
    coaching,
  };
}

/** The lead metric where the seller is furthest below the top 10's average, in points; null where they are not behind. */
async function coachingLine(db: Db, program: ProgramRow, participant: ParticipantRow, report: WeeklyReport, firstDay: string, endDay: string) {
  const top = report.entries.filter((e) => e.rank <= 10).map((e) => e.id);
  if (top.length === 0) return null;
  const rows = await db.all<{ metric: string; name: string; participant: string; cappedH: number }>(sql`
    SELECT m.key AS metric, m.name AS name, p.id AS participant, SUM(d.capped_h) AS cappedH
    FROM daily_rollups d JOIN metrics m ON m.id = d.metric_id JOIN participants p ON p.pk = d.participant_pk
    WHERE p.program_id = ${program.id} AND p.id IN (SELECT value FROM json_each(${json([...top, participant.id])}))
      AND d.day >= ${firstDay} AND d.day < ${endDay} AND m.indicator = 'lead' AND m.archived_at IS NULL
    GROUP BY m.id, p.pk`);
  const versions = await db.all<{ metric: string; name: string; effectiveFrom: string; pointsH: number; dailyCapH: number | null }>(sql`
    SELECT m.key AS metric, m.name AS name, v.effective_from AS effectiveFrom, v.points_h AS pointsH, v.daily_cap_h AS dailyCapH
    FROM metrics m JOIN metric_versions v ON v.metric_id = m.id
    WHERE m.program_id = ${program.id} AND m.indicator = 'lead' AND m.archived_at IS NULL
    ORDER BY m.position, v.effective_from`);
  // In the program's own order: biggestGap breaks ties by it.
  const metrics = [...new Set(versions.map((v) => v.metric))];
  const units = (metric: string, id: string) => rows.find((r) => r.metric === metric && r.participant === id)?.cappedH ?? 0;
  const lastDay = new Date(Date.parse(`${endDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const gap = biggestGap(
    metrics.map((metric) => ({
      metric,
      pointsH: versionOn(versions.filter((v) => v.metric === metric), lastDay).pointsH,
      ownH: units(metric, participant.id),
      topH: top.map((id) => units(metric, id)),
    })),
  );
  if (!gap) return null;
  const name = versions.find((v) => v.metric === gap.metric)!.name;
  const worth = fromTenThousandths(gap.worth);
  return {
    metric: gap.metric,
    yours: fromHundredths(gap.ownH),
    top10Average: fromHundredths(gap.topAverageH),
    worth,
    message: `The week's top 10 averaged ${fromHundredths(gap.topAverageH)} on "${name}"; you had ${fromHundredths(gap.ownH)}. Matching them would have been worth ${worth} points.`,
  };
}
