/**
 * What the weekly insights share: the ended weeks a read covers, and which of them a participant
 * was there for. A week a participant was not in the program is not a week of zeros: counting it
 * would make a newcomer look like a sudden riser and an opted-out seller like a sudden drop.
 */
import { optedInAt } from "../../scoring/optin";
import { parseLocalDate, type Period, periodBefore, periodInstants } from "../../scoring/periods";
import { invalid } from "../errors";
import { lastEndedWeek } from "./reports";
import type { Participant } from "./roster";
import type { EngineState } from "./state";

/** `count` consecutive weeks ending with `last` (default: the last ended one), oldest first. */
export function weeksEndingWith(last: Period, count: number): Period[] {
  const weeks = [last];
  while (weeks.length < count) weeks.unshift(periodBefore(weeks[0]));
  return weeks;
}

export const endedWeeks = (state: EngineState, count: number, now: number): Period[] => weeksEndingWith(lastEndedWeek(state.program.timezone, now), count);

/**
 * Which of `weeks` the participant took part in. Where the program requires opt-in (events are
 * accepted only while opted in): the weeks they were opted in at some instant of. Otherwise: the
 * weeks from their first week with activity among `activeWeeks` on.
 */
export function observedWeeks(state: EngineState, p: Participant, weeks: readonly Period[], activeWeeks: ReadonlySet<number>): boolean[] {
  if (!state.program.requireOptIn) {
    const first = Math.min(...activeWeeks);
    return weeks.map((_, i) => i >= first);
  }
  const tz = state.program.timezone;
  return weeks.map((w) => {
    const { start, end } = periodInstants(w, tz)!;
    return optedInAt(p.toggles, start) || p.toggles.some((t) => t.optedIn && t.at >= start && t.at < end);
  });
}

/** A metric's points per unit now in force (its latest weight version), as a number. */
export const currentPoints = (m: { versions: { pointsH: number; effectiveFrom: string }[] }): number =>
  [...m.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).at(-1)!.pointsH / 100;

/** Rounded to `places` decimals, for figures shown to people (statistics keep their full precision elsewhere). */
export const round = (x: number, places = 4): number => {
  const f = 10 ** places;
  return Math.round(x * f) / f;
};

/**
 * 422 for a period whose history (up to a year and a quarter before it) or end falls outside the
 * years 0001–9999: local dates there have no YYYY-MM-DD form.
 */
export function withinCalendar(period: Period, path: string): Period {
  if (period.firstDay! < "0002-07-01" || parseLocalDate(period.endDay!) === null) {
    throw invalid([{ path, message: "must fall between the years 0002 and 9999" }]);
  }
  return period;
}
