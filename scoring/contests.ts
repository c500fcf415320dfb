/**
 * Contests (SPEC §5.3): time-boxed competitions over whole local days, start and end included. A
 * contest works as a period (kind `contest`, labelled by its key) wherever a period's days are read
 * (scoring/score.ts, targets.ts, periodInstants), and its score counts only its metrics.
 */
import { formatInstant } from "./instants";
import { type DayRange, nextDay, periodInstants } from "./periods";
import { type Problem, repeatedKeys } from "./problems";
import { compareCodePoints } from "./ranking";
import type { Indicator } from "./score";

export interface Contest {
  key: string;
  name: string;
  /** First and last local day, `YYYY-MM-DD`, both included. */
  start: string;
  end: string;
  /** The metrics that score, or null for every lead metric. */
  metrics: readonly string[] | null;
  /** The only cohort that competes, or null for everyone ranked. */
  cohort: string | null;
}

/** A contest as a period: the days [firstDay, endDay), endDay being the day after `end`. */
export interface ContestPeriod extends DayRange {
  kind: "contest";
  label: string;
  firstDay: string;
  endDay: string;
}

export type ContestStatus = "upcoming" | "running" | "ended";

/** A contest as `GET …/contests` lists it: start and end as RFC 3339 instants in UTC. */
export interface ContestView {
  key: string;
  name: string;
  start: string;
  end: string;
  status: ContestStatus;
  metrics: string[] | null;
  cohort: string | null;
}

/**
 * The rules of §5.3 beyond each field's own form (dates, key pattern): keys unique, start ≤ end,
 * and `metrics` null or a non-empty list of distinct lead metric keys of the program's `metrics`
 * (as the same document lists them).
 */
export function contestProblems(
  contests: readonly Pick<Contest, "key" | "start" | "end" | "metrics">[],
  metrics: readonly { key: string; indicator: Indicator }[],
): Problem[] {
  const indicators = new Map(metrics.map((m) => [m.key, m.indicator]));
  const problems = repeatedKeys(contests, "contests");
  contests.forEach((contest, i) => {
    const at = (...path: (string | number)[]) => ["contests", i, ...path];
    if (contest.start > contest.end) problems.push({ path: at("end"), message: "must not be before start" });
    if (contest.metrics === null) return;
    if (contest.metrics.length === 0) problems.push({ path: at("metrics"), message: "must be null (every lead metric) or list at least one metric" });
    const seen = new Set<string>();
    contest.metrics.forEach((key, j) => {
      const indicator = indicators.get(key);
      if (indicator === undefined) problems.push({ path: at("metrics", j), message: `no metric "${key}" in metrics` });
      else if (indicator !== "lead") problems.push({ path: at("metrics", j), message: `metric "${key}" is not a lead metric` });
      if (seen.has(key)) problems.push({ path: at("metrics", j), message: `metric "${key}" appears more than once` });
      seen.add(key);
    });
  });
  return problems;
}

/** The contest as a period of kind `contest`. */
export function contestPeriod(contest: Pick<Contest, "key" | "start" | "end">): ContestPeriod {
  return { kind: "contest", label: contest.key, firstDay: contest.start, endDay: nextDay(contest.end) };
}

/** The first instant of the start day and the first instant after the end day, epoch ms, in the zone. */
export function contestInstants(contest: Pick<Contest, "key" | "start" | "end">, timeZone: string): { start: number; end: number } {
  return periodInstants(contestPeriod(contest), timeZone)!;
}

/** Upcoming before its first instant, ended from the first instant after its last day. */
export function contestStatus(contest: Pick<Contest, "key" | "start" | "end">, timeZone: string, now: number): ContestStatus {
  const { start, end } = contestInstants(contest, timeZone);
  return now < start ? "upcoming" : now < end ? "running" : "ended";
}

/** The `contests` list of `GET …/contests`: ordered by start day, then key. */
export function describeContests(contests: readonly Contest[], timeZone: string, now: number): ContestView[] {
  return [...contests]
    .sort((a, b) => (a.start !== b.start ? (a.start < b.start ? -1 : 1) : compareCodePoints(a.key, b.key)))
    .map((c) => {
      const { start, end } = contestInstants(c, timeZone);
      return {
        key: c.key,
        name: c.name,
        start: formatInstant(start),
        end: formatInstant(end),
        status: contestStatus(c, timeZone, now),
        metrics: c.metrics === null ? null : [...c.metrics],
        cohort: c.cohort,
      };
    });
}

/**
 * The cohort a contest board keeps, from the contest's own cohort and the query's: `{cohort}`
 * (null: every ranked participant), or null where the two differ and the board is empty.
 */
export function contestBoardCohort(contest: Pick<Contest, "cohort">, queried: string | null): { cohort: string | null } | null {
  if (contest.cohort !== null && queried !== null && contest.cohort !== queried) return null;
  return { cohort: contest.cohort ?? queried };
}

/** Whether a ranked participant (rule 8) of `cohort` is on the contest's board for the queried cohort. */
export function competes(contest: Pick<Contest, "cohort">, cohort: string | null, queried: string | null = null): boolean {
  const board = contestBoardCohort(contest, queried);
  return board !== null && (board.cohort === null || board.cohort === cohort);
}

/** Whether a metric's points count in the contest's score (the metric being a lead metric). */
export function scoresIn(contest: Pick<Contest, "metrics">, metric: string): boolean {
  return contest.metrics === null || contest.metrics.includes(metric);
}
