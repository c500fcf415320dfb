/** Badge rules (SPEC §5.4) in words, for the console's form and the sellers' scorecards. */
import type { BadgeRule } from "$lib/types";
import { points } from "$lib/periods";

export const RULE_KINDS = ["streak", "day", "week", "total", "top"] as const;

/** The kind as the console's select offers it. */
export const KIND_NAMES: Record<(typeof RULE_KINDS)[number], string> = {
  streak: "days in a row",
  day: "points in a day",
  week: "points in a week",
  total: "in all",
  top: "Power 100 place",
};

/** What the goal of a kind means, beside the goal field. */
export const GOAL_HINTS: Record<(typeof RULE_KINDS)[number], string> = {
  streak: "Days in a row with points.",
  day: "Points in one day.",
  week: "Points in one week (Monday to Sunday).",
  total: "Units of the metric in all, or points where the metric is the lead score.",
  top: "A place this high or better in a weekly Power 100.",
};

/** The rule's goal: its one number. */
export function goalOf(rule: BadgeRule): number {
  switch (rule.kind) {
    case "streak":
      return rule.days;
    case "day":
    case "week":
      return rule.points;
    case "total":
      return rule.value;
    case "top":
      return rule.rank;
  }
}

/** "5 days in a row", "40 points in one week", "100 Tweets in all", "Top 10 in a weekly Power 100". */
export function ruleInWords(rule: BadgeRule, metricName: (key: string) => string): string {
  switch (rule.kind) {
    case "streak":
      return `${rule.days} ${rule.days === 1 ? "day" : "days"} in a row with points`;
    case "day":
      return `${points(rule.points)} points in one day`;
    case "week":
      return `${points(rule.points)} points in one week`;
    case "total":
      return rule.metric === null ? `${points(rule.value)} points in all` : `${points(rule.value)} ${metricName(rule.metric)} in all`;
    case "top":
      return rule.rank === 1 ? "First place in a weekly Power 100" : `Top ${rule.rank} in a weekly Power 100`;
  }
}
