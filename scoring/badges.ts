/**
 * Badges (SPEC §5.4). Each rule names the day a participant earned the badge, derived from the data
 * as it stands: the daily rollups (as re-weighted, with late events in) and the stored Power 100
 * reports. Nothing is remembered, so a re-weight, a late event or a regenerated report moves or
 * removes a badge by itself, and no one can hold a badge twice.
 *
 * Points are integer ten-thousandths, units and the rules' X integer hundredths.
 */
import { type Problem, repeatedKeys } from "./problems";
import { parsePeriod, previousDay } from "./periods";
import { compareCodePoints } from "./ranking";
import { dayNumber } from "./streaks";

/** A badge rule, X in hundredths (the document's `points` and `value`). */
export type BadgeRule =
  | { kind: "streak"; days: number }
  | { kind: "day"; pointsH: number }
  | { kind: "week"; pointsH: number }
  | { kind: "total"; metric: string | null; valueH: number }
  | { kind: "top"; rank: number };

export interface Badge {
  key: string;
  name: string;
  rule: BadgeRule;
}

export interface EarnedBadge {
  key: string;
  name: string;
  earnedOn: string;
}

/** One daily rollup of a participant: capped units (hundredths) and points (0 for a lag metric). */
export interface DayRollup {
  metric: string;
  day: string;
  cappedH: number;
  points: number;
}

/** The participant's rank in the stored Power 100 report of a week (`YYYY-Www`). */
export interface ReportRank {
  week: string;
  rank: number;
}

/** A participant's data, indexed once for every rule: each list sorted by day or week. */
export interface BadgeHistory {
  /** Days with lead points > 0 and those points. */
  points: [string, number][];
  /** Per metric: days with capped units > 0 and those units. */
  capped: Map<string, [string, number][]>;
  /** Weeks the participant is listed in, with the rank. */
  ranks: [string, number][];
}

/**
 * Indexes a participant's rollups (every metric, archived ones included, any order) and their
 * entries in stored reports. Days of zero contribute to no rule, so they are dropped.
 */
export function badgeHistory(rollups: Iterable<DayRollup>, reportRanks: Iterable<ReportRank> = []): BadgeHistory {
  const points = new Map<string, number>();
  const capped = new Map<string, Map<string, number>>();
  for (const r of rollups) {
    if (r.points !== 0) points.set(r.day, (points.get(r.day) ?? 0) + r.points);
    if (r.cappedH === 0) continue;
    const byDay = capped.get(r.metric) ?? new Map<string, number>();
    byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.cappedH);
    capped.set(r.metric, byDay);
  }
  const sorted = (m: Map<string, number>) => [...m].filter(([, v]) => v > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const ranks = new Map<string, number>();
  for (const { week, rank } of reportRanks) ranks.set(week, Math.min(rank, ranks.get(week) ?? rank));
  return {
    points: sorted(points),
    capped: new Map([...capped].map(([metric, byDay]) => [metric, sorted(byDay)])),
    ranks: sorted(ranks),
  };
}

/** The first day on which a running sum of the amounts (in day order) reaches `threshold`. */
function firstReaching(days: readonly [string, number][], threshold: number, sameRun: (previous: string, day: string) => boolean = () => true): string | null {
  let sum = 0;
  let previous: string | null = null;
  for (const [day, amount] of days) {
    if (previous !== null && !sameRun(previous, day)) sum = 0;
    sum += amount;
    previous = day;
    if (sum >= threshold) return day;
  }
  return null;
}

/** Monday-based week number of a local date: 1970-01-01 was a Thursday, 3 days after a Monday. */
const isoWeekNumber = (day: string) => Math.floor((dayNumber(day) + 3) / 7);

/** The day the rule was earned on, or null while it has not been. */
export function earnedOn(rule: BadgeRule, history: BadgeHistory): string | null {
  switch (rule.kind) {
    case "streak":
      // A run of consecutive counting days; each counting day adds one, a gap starts over.
      return firstReaching(
        history.points.map(([day]) => [day, 1]),
        rule.days,
        (previous, day) => dayNumber(day) === dayNumber(previous) + 1,
      );
    case "day":
      return history.points.find(([, points]) => points >= rule.pointsH * 100)?.[0] ?? null;
    case "week":
      return firstReaching(history.points, rule.pointsH * 100, (previous, day) => isoWeekNumber(previous) === isoWeekNumber(day));
    case "total":
      return rule.metric === null ? firstReaching(history.points, rule.valueH * 100) : firstReaching(history.capped.get(rule.metric) ?? [], rule.valueH);
    case "top": {
      // Weeks are sorted by label, which sorts them in time; a report is earned on its Sunday.
      for (const [week, rank] of history.ranks) {
        const period = rank <= rule.rank ? parsePeriod("week", week) : null;
        if (period) return previousDay(period.endDay!);
      }
      return null;
    }
  }
}

/**
 * The badges a score card shows: those earned on or before `asOf` (the queried period's last day,
 * or today where it has not ended: periods.ts asOfDay), ordered by earnedOn, then key.
 */
export function badgesEarned(badges: readonly Badge[], history: BadgeHistory, asOf: string): EarnedBadge[] {
  const earned: EarnedBadge[] = [];
  for (const badge of badges) {
    const day = earnedOn(badge.rule, history);
    if (day !== null && day <= asOf) earned.push({ key: badge.key, name: badge.name, earnedOn: day });
  }
  return earned.sort((a, b) => (a.earnedOn !== b.earnedOn ? (a.earnedOn < b.earnedOn ? -1 : 1) : compareCodePoints(a.key, b.key)));
}

/**
 * The rules of §5.4 beyond each field's own form: keys unique, N a whole number ≥ 1, X > 0, and a
 * `total` rule's metric null or one of the program's metric keys (lead or lag).
 */
export function badgeProblems(badges: readonly { key: string; rule: BadgeRule }[], metricKeys: Iterable<string>): Problem[] {
  const metrics = new Set(metricKeys);
  const problems = repeatedKeys(badges, "badges");
  badges.forEach(({ rule }, i) => {
    const at = (field: string, message: string) => problems.push({ path: ["badges", i, "rule", field], message });
    switch (rule.kind) {
      case "streak":
      case "top": {
        const field = rule.kind === "streak" ? "days" : "rank";
        const n = rule.kind === "streak" ? rule.days : rule.rank;
        if (!Number.isInteger(n) || n < 1) at(field, "must be a whole number of at least 1");
        break;
      }
      case "day":
      case "week":
        if (!(rule.pointsH > 0)) at("points", "must be greater than 0");
        break;
      case "total":
        if (!(rule.valueH > 0)) at("value", "must be greater than 0");
        if (rule.metric !== null && !metrics.has(rule.metric)) at("metric", `no metric "${rule.metric}" in metrics`);
        break;
    }
  });
  return problems;
}
