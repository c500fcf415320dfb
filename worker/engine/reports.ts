/**
 * The weekly Power 100 (SPEC §4): made from the week's live board at generation time, stored as a
 * snapshot that later events never change, and listed newest first.
 */
import { fromTenThousandths } from "../../scoring/decimal";
import { formatInstant } from "../../scoring/instants";
import { localDateOf, parseLocalDate, parsePeriod, type Period, periodBefore, periodOf } from "../../scoring/periods";
import { invalid } from "../errors";
import { POWER_LIMIT, powerReport, type PreviousPlace } from "../../scoring/report";
import { describePeriod } from "../period-query";
import { markForBadgeCheck } from "./badge-checks";
import type { EngineState } from "./state";

export type WeeklyReport = ReturnType<typeof buildReport>;

/** The week that ended last in the zone, at `now`. */
export function lastEndedWeek(timeZone: string, now: number): Period {
  return periodBefore(periodOf("week", parseLocalDate(localDateOf(now, timeZone))!));
}

/** The week a path names, or 422 where it is not an ISO week label (e.g. 2027-W53). */
export function weekOf(label: string): Period {
  const week = /^\d{4}-W\d{2}$/.test(label) ? parsePeriod("week", label) : null;
  if (!week) throw invalid([{ path: "week", message: "must be an ISO week label such as 2026-W47" }]);
  return week;
}

export function buildReport(state: EngineState, week: Period, now: number) {
  const program = state.program;
  const board = state.leadBoard(week).program;
  const last = state.leadBoard(periodBefore(week)).program;
  // The top of the board down to the POWER_LIMIT-th positive score, ties included.
  const positive = board.countAbove(0);
  const top = board.slice(0, Math.min(positive, POWER_LIMIT));
  const floor = top.at(-1)?.score;
  const ties = floor === undefined ? [] : board.slice(top.length, board.countAbove(floor - 1) - top.length);
  const entries = [...top, ...ties].map(({ key, score }) => {
    const p = state.roster.get(key)!;
    return { id: p.id, pk: key, displayName: p.displayName, team: p.team, cohort: p.cohort, score };
  });
  const previous = new Map<string, PreviousPlace>();
  for (const e of entries) {
    const score = last.scoreOf(e.pk);
    if (score !== undefined && score > 0) previous.set(e.id, { score, higher: last.countAbove(score) });
  }
  const report = powerReport(entries, positive, previous);
  return {
    program: program.slug,
    week: week.label,
    period: describePeriod(week, program.timezone),
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

/** Generates and stores the week's report; `replace` regenerates one stored already. Answers it, and whether this call stored it. */
export function generateReport(state: EngineState, week: Period, now: number, replace: boolean) {
  const report = buildReport(state, week, now);
  const stored = state.storage.transaction(() => {
    const done = state.storage.reports.store(week.label, now, report, replace);
    // A report can earn badges of the `top` kind.
    if (done)
      markForBadgeCheck(
        state,
        report.entries.map((e) => state.roster.find(e.id)!.pk),
        "top",
      );
    return done;
  });
  return { report, stored };
}

/** Removes an erased participant from every stored report (a report's `total` stays the count it was). */
export function forgetInReports(state: EngineState, id: string): void {
  for (const { week, body } of state.storage.reports.all()) {
    const report = JSON.parse(body) as WeeklyReport;
    if (!report.entries.some((e) => e.id === id)) continue;
    state.storage.reports.replaceBody(week, {
      ...report,
      entries: report.entries.filter((e) => e.id !== id),
      movers: report.movers.filter((m) => m !== id),
      newEntries: report.newEntries.filter((m) => m !== id),
    });
  }
}

/** The participant's ranks in the stored reports, for badges of the `top` kind. */
export function reportRanksOf(state: EngineState, id: string): { week: string; rank: number }[] {
  return state.storage.reports.all().flatMap(({ week, body }) => {
    const entry = (JSON.parse(body) as WeeklyReport).entries.find((e) => e.id === id);
    return entry ? [{ week, rank: entry.rank }] : [];
  });
}
