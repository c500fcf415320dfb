/**
 * Targets (SPEC §2.12): which period a target is measured over, and how far along it is.
 *
 * A target's `actual` is either capped units (integer hundredths) or a lead score (integer
 * ten-thousandths of a point). Both are carried here as integer ten-thousandths — capped units
 * × 100 — so one exact form serves every target; see actualFromUnits and actualFromScore.
 */
import { Temporal } from "temporal-polyfill";
import { divRound, fromTenThousandths } from "./decimal";
import { type DayRange, type Period, periodOf } from "./periods";

export type TargetPeriodKind = "week" | "month" | "quarter";
export type TargetStatus = "met" | "on_track" | "behind";

export interface TargetProgress {
  actual: number;
  attainment: number;
  expected: number;
  status: TargetStatus;
}

/** A target's actual, in ten-thousandths, from capped units in hundredths. */
export const actualFromUnits = (cappedUnitsH: number): number => cappedUnitsH * 100;

/** A target's actual, in ten-thousandths, from a lead score in ten-thousandths. */
export const actualFromScore = (scoreT: number): number => scoreT;

/**
 * The period a target of `kind` is measured over for a query of `queried`: the one holding the
 * queried period's last day where that period has ended by `today` (a local date), else the one
 * holding today. `all` never ends, so it always uses today.
 */
export function targetPeriod(kind: TargetPeriodKind, queried: DayRange, today: string): Period {
  const ended = queried.endDay !== null && queried.endDay <= today;
  const day = ended ? Temporal.PlainDate.from(queried.endDay!).subtract({ days: 1 }) : Temporal.PlainDate.from(today);
  return periodOf(kind, day);
}

/**
 * Progress of a target of `valueH` hundredths with `actualT` ten-thousandths achieved, over the
 * period [start, end) at `now` (epoch ms). Numbers are exact decimals: attainment and expected
 * are rounded half away from zero to 4 places, and status compares actual with that expected.
 */
export function measureTarget(valueH: number, actualT: number, start: number, end: number, now: number): TargetProgress {
  if (!(valueH > 0)) throw new RangeError("a target value is > 0");
  if (!(end > start)) throw new RangeError("a period ends after it starts");
  const valueT = valueH * 100;
  // actual / value in ten-thousandths: actualT × 10000 / valueT.
  const attainmentT = divRound(BigInt(actualT) * 100n, valueH);
  const elapsed = Math.min(Math.max(now - start, 0), end - start);
  const expectedT = divRound(BigInt(valueT) * BigInt(elapsed), end - start);
  const status: TargetStatus = actualT >= valueT ? "met" : actualT >= expectedT ? "on_track" : "behind";
  return {
    actual: fromTenThousandths(actualT),
    attainment: fromTenThousandths(attainmentT),
    expected: fromTenThousandths(expectedT),
    status,
  };
}
