/** One participant's score for a period (SPEC §4): score, rank, percentile, cohort, metrics, targets, streak. */
import { fromHundredths, fromTenThousandths } from "../scoring/decimal";
import { localDateOf, periodInstants, type Period } from "../scoring/periods";
import { percentile } from "../scoring/ranking";
import { streakOf } from "../scoring/streaks";
import { actualFromScore, actualFromUnits, measureTarget, targetPeriod } from "../scoring/targets";
import type { Db } from "./context";
import { type BoardScope, boardSize, participantCounts, scoreOf } from "./db/boards";
import type { ParticipantRow } from "./db/participants";
import type { ProgramRow } from "./db/programs";
import type { targets } from "./db/schema";
import { cappedUnitsOf, countingDaysOf, metricFigures, participantTargets, pointsWithin } from "./db/scores";
import { describePeriod } from "./period-query";

type TargetRow = typeof targets.$inferSelect;

/**
 * `until`, a local date, leaves out the days from it on in targets and streaks: a digest reads its
 * week as at the week's end, however long after it is read.
 *
 * The reads go to D1 as one batch (client.ts batches the reads started in one tick): the score,
 * its ranks (counted in SQL from the score, so they need not wait for it), figures, streak days
 * and target rows. Only a participant with targets of their own needs a second batch, for the
 * targets' actuals.
 */
export async function scorecard(db: Db, program: ProgramRow, participant: ParticipantRow, period: Period, now: number, until: string | null = null) {
  const today = localDateOf(now, program.timeZone);
  const board = (cohort: string | null): BoardScope => ({ programId: program.id, period: period.label, cohort });
  const [scoreT, overall, cohort, byMetric, days, targetRows] = await Promise.all([
    scoreOf(db, participant.pk, period.label),
    participant.ranked ? standing(db, board(null), participant.pk) : null,
    participant.ranked && participant.cohort !== null ? standing(db, board(participant.cohort), participant.pk) : null,
    metricFigures(db, program.id, participant.pk, period),
    countingDaysOf(db, participant.pk),
    participantTargets(db, program.id, participant.id),
  ]);
  const targetProgress = await ownTargets(db, program, participant, targetRows, period, today, now, until);
  return {
    id: participant.id,
    displayName: participant.displayName,
    period: describePeriod(period, program.timeZone),
    score: fromTenThousandths(scoreT),
    rank: overall?.rank ?? null,
    of: overall?.of ?? null,
    percentile: overall?.percentile ?? null,
    cohort: cohort && { name: participant.cohort, ...cohort },
    byMetric: byMetric.map((m) => ({
      metric: m.metric,
      indicator: m.indicator,
      units: fromHundredths(m.unitsH),
      cappedUnits: fromHundredths(m.cappedH),
      points: fromTenThousandths(m.points),
    })),
    targets: targetProgress,
    streak: streakOf(until === null ? days : days.filter((day) => day < until), today),
  };
}

/** Rank, board size and percentile of the participant's score on one board. */
async function standing(db: Db, scope: BoardScope, participantPk: number) {
  const [counts, of] = await Promise.all([participantCounts(db, scope, participantPk), boardSize(db, scope)]);
  return { rank: counts.higher + 1, of, percentile: percentile(of - (counts.atLeast ?? of), of) };
}

/** The participant's own targets, each measured over its own period (SPEC §2.12). */
async function ownTargets(db: Db, program: ProgramRow, participant: ParticipantRow, rows: TargetRow[], queried: Period, today: string, now: number, until: string | null) {
  return Promise.all(
    rows.map(async (t) => {
      const period = targetPeriod(t.period, queried, today);
      // Only the days before `until` count; the period's own bounds still measure `expected`.
      const counted = until !== null && period.endDay! > until ? { ...period, endDay: until } : period;
      const actualT =
        t.metricKey === null
          ? actualFromScore(counted === period ? await scoreOf(db, participant.pk, period.label) : await pointsWithin(db, participant.pk, counted))
          : actualFromUnits(await cappedUnitsOf(db, participant.pk, t.metricKey, counted));
      const { start, end } = periodInstants(period, program.timeZone)!;
      return { key: t.key, metric: t.metricKey, period: t.period, value: fromHundredths(t.valueH), ...measureTarget(t.valueH, actualT, start, end, now) };
    }),
  );
}
