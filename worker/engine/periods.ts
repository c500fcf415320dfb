/**
 * The period a read names (SPEC §2.7, §5.3) and the board it reads (§5.2): a calendar period, or a
 * contest named by its key; ranked by the lead score, a contest's metrics, or one metric's figure.
 */
import { type Contest, contestPeriod } from "../../scoring/contests";
import { asOfDay, localDateOf, type PeriodKind } from "../../scoring/periods";
import { invalid, notFound } from "../errors";
import { resolvePeriod } from "../period-query";
import type { BoardPeriod, BoardSpec } from "./boards";
import type { StoredMetric } from "./program";
import type { EngineState } from "./state";

export type ReadPeriodKind = PeriodKind | "contest";

/** A period a read names, with its contest where it is one. */
export interface ReadPeriod extends BoardPeriod {
  contest: Contest | null;
}

/** The period of `kind` that `at` names (a contest's key for `contest`), or the one holding today. */
export function readPeriod(state: EngineState, kind: ReadPeriodKind, at: string | undefined, now: number): ReadPeriod {
  if (kind !== "contest") return { ...resolvePeriod(kind, at, state.program.timezone, now), contest: null };
  if (at === undefined) throw invalid([{ path: "at", message: "is required with period=contest: a contest's key" }]);
  const contest = (state.program.contests ?? []).find((c) => c.key === at);
  if (!contest) throw notFound(`contest "${at}"`);
  return { ...contestPeriod(contest), contest };
}

/** The metric a `metric` query names: any metric of the program, archived included; 404 where none. */
export function metricNamed(state: EngineState, key: string): StoredMetric {
  const metric = state.metricByKey(key);
  if (!metric) throw notFound(`metric "${key}"`);
  return metric;
}

/** The board of a period, ranked by the lead score (a contest's metrics for a contest) or by one metric's figure. */
export function boardSpec(state: EngineState, period: ReadPeriod, metric: StoredMetric | null, now: number): BoardSpec {
  const contest = period.contest;
  const cohort = contest?.cohort ?? null;
  const { contest: _, ...days } = period;
  if (metric === null) {
    const metricIds = contest?.metrics ? contest.metrics.map((key) => state.metricByKey(key)!.id) : null;
    return { period: days, figure: { kind: "points", metricIds }, cohort };
  }
  if (metric.aggregation !== "gauge") return { period: days, figure: { kind: "capped", metricId: metric.id }, cohort };
  const today = localDateOf(now, state.program.timezone);
  return { period: days, figure: { kind: "reading", metricId: metric.id, asOf: asOfDay(period, today) }, cohort };
}
