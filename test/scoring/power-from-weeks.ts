/**
 * The Power 100 from two whole weeks of scores: the few figures `powerReport` takes, read off the
 * weeks by counting, as the worker reads them off the week's board.
 */
import type { Scored } from "../../scoring/ranking";
import { POWER_LIMIT, powerReport } from "../../scoring/report";

export function powerFromWeeks<T extends Scored>(thisWeek: readonly T[], previousWeek: readonly Scored[]) {
  const higherIn = (week: readonly Scored[], score: number) => week.filter((e) => e.score > score).length;
  const positive = thisWeek.filter((e) => e.score > 0);
  const top = positive.filter((e) => higherIn(positive, e.score) < POWER_LIMIT);
  const topIds = new Set(top.map((e) => e.id));
  const previous = new Map(
    previousWeek.filter((e) => e.score > 0 && topIds.has(e.id)).map((e) => [e.id, { score: e.score, higher: higherIn(previousWeek, e.score) }]),
  );
  return powerReport(top, positive.length, previous);
}
