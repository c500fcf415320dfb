/**
 * The weekly Power 100 (SPEC §4): made from the week's rollups at generation time, stored as a
 * snapshot, and announced to the program's webhooks.
 */
import { fromTenThousandths } from "../scoring/decimal";
import { formatInstant } from "../scoring/instants";
import { type Period, localDateOf, parsePeriod, periodInstants, periodOf, parseLocalDate } from "../scoring/periods";
import { powerReport } from "../scoring/report";
import type { Db } from "./context";
import { scoreCounts } from "./db/boards";
import { powerEntries, storeReport } from "./db/reports";
import type { ProgramRow } from "./db/programs";
import { describePeriod } from "./period-query";
import { enqueueDeliveries } from "./webhooks/deliveries";

export type WeeklyReport = Awaited<ReturnType<typeof buildReport>>;

/** The week before the one holding `period`'s first day. */
export function previousWeek(week: Period): Period {
  return periodOf("week", parseLocalDate(week.firstDay!)!.subtract({ days: 1 }));
}

/** The week that ended last in the program's zone, at `now`. */
export function lastEndedWeek(timeZone: string, now: number): Period {
  return previousWeek(periodOf("week", parseLocalDate(localDateOf(now, timeZone))!));
}

/** Whether the week is over in the program's zone. */
export function hasEnded(week: Period, timeZone: string, now: number): boolean {
  return periodInstants(week, timeZone)!.end <= now;
}

export async function buildReport(db: Db, program: ProgramRow, week: Period, now: number) {
  const scope = (period: Period) => ({ programId: program.id, period: period.label, cohort: null });
  const before = previousWeek(week);
  const [top, { higher: total }] = await Promise.all([
    powerEntries(db, program.id, week.label, before.label),
    scoreCounts(db, scope(week), 0),
  ]);
  // Last week's rank of each entry that scored then: one count each from kept counts, started
  // together so that a batching database (app.ts, index.ts) sends them as one batch.
  const previous = new Map(
    await Promise.all(
      top
        .filter((e) => e.previousScore !== null)
        .map(async (e) => [e.id, { score: e.previousScore!, higher: (await scoreCounts(db, scope(before), e.previousScore!)).higher }] as const),
    ),
  );
  const report = powerReport(top, total, previous);
  return {
    program: program.slug,
    week: week.label,
    period: describePeriod(week, program.timeZone),
    generatedAt: formatInstant(now),
    total: report.total,
    entries: report.entries.map((e) => ({
      rank: e.rank,
      id: e.id,
      displayName: e.displayName,
      team: e.team,
      cohort: e.cohort,
      score: fromTenThousandths(e.score),
      previousRank: e.previousRank,
      rankChange: e.rankChange,
      scoreChange: fromTenThousandths(e.scoreChange),
    })),
    movers: report.movers,
    newEntries: report.newEntries,
  };
}

/**
 * Generates and stores the week's report. `replace` regenerates one already stored; without it a
 * stored report is kept, so two runs of the scheduled job store and announce it once. Answers the
 * report, and whether this call stored it.
 */
export async function generateReport(db: Db, program: ProgramRow, week: Period, now: number, replace: boolean) {
  const report = await buildReport(db, program, week, now);
  const stored = await storeReport(db, program.id, week.label, now, JSON.stringify(report), replace);
  if (stored) await enqueueDeliveries(db, program, "report.published", report, now);
  return { report, stored };
}

/** A week label of the path, or null when it is not one (e.g. 2027-W53). */
export function weekOf(label: string): Period | null {
  return /^\d{4}-W\d{2}$/.test(label) ? parsePeriod("week", label) : null;
}
