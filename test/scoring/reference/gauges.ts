/** The tests' reference models beside scoring/gauges.ts: production never calls them. */
import { type GaugeEvent, dayReadings, unitsFromReadings } from "../../../scoring/gauges";
import type { DailyUnits } from "../../../scoring/score";

/** Daily units of the gauge from its stored events (any order); see unitsFromReadings. */
export function gaugeDailyUnits(metric: string, events: Iterable<GaugeEvent>): DailyUnits[] {
  return unitsFromReadings(metric, dayReadings(events));
}

/**
 * The first day whose units can change when these events are added to (or removed from) the
 * stored ones: the earliest of their days. R of every earlier day reads only events of days
 * before it, so the units before that day stand; on and after it any day may change (a late
 * reading can lower or raise the best before a later day). Null where there are no events.
 */
export function firstAffectedDay(changed: Iterable<{ day: string }>): string | null {
  let first: string | null = null;
  for (const { day } of changed) if (first === null || day < first) first = day;
  return first;
}
