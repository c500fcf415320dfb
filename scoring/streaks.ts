/**
 * Streaks (SPEC §2.13). A counting day is a local date on which the participant's lead points were
 * > 0. Dates are compared as day numbers, so runs cross month and year ends like any other day.
 */

export interface Streak {
  current: number;
  longest: number;
}

/** Days since 1970-01-01 of a local date `YYYY-MM-DD`. */
export function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/**
 * The current and longest streaks from the counting days (in any order, repeats allowed) and
 * today's local date. `current` ends today, or yesterday while today has not counted yet; days
 * after today (an event a few minutes early across midnight) count only towards `longest`.
 */
export function streakOf(countingDays: Iterable<string>, today: string): Streak {
  const days = [...new Set([...countingDays].map(dayNumber))].sort((a, b) => a - b);
  const set = new Set(days);

  let longest = 0;
  let run = 0;
  days.forEach((day, i) => {
    run = i > 0 && days[i - 1] === day - 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  });

  const t = dayNumber(today);
  let current = 0;
  for (let day = set.has(t) ? t : t - 1; set.has(day); day--) current++;
  return { current, longest };
}

/** The local dates whose points (ten-thousandths) are > 0, from points per day. */
export function countingDays(pointsByDay: Iterable<readonly [string, number]>): string[] {
  return [...pointsByDay].filter(([, points]) => points > 0).map(([day]) => day);
}
