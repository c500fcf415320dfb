/** The managers' weekly digest as a Slack message: the changes beyond the usual ups and downs, biggest evidence first. */
import type { WeeklyInsights } from "../engine/insights-changes";
import { escape } from "./slack";

/** Lines of changes a message shows; the JSON format carries them all. */
const SHOWN = 15;

export function insightsText(programName: string, digest: WeeklyInsights): string {
  const lines = [`*${escape(programName)}: what changed in week ${digest.week.label}*`];
  if (digest.changes.length === 0) {
    lines.push(`Nothing changed beyond the usual ups and downs (${digest.tested} series against their ${digest.baseline.weeks} weeks before).`);
    return lines.join("\n");
  }
  lines.push(
    `${digest.changes.length} change${digest.changes.length === 1 ? "" : "s"} beyond the usual ups and downs, of ${digest.tested} series against their ${digest.baseline.weeks} weeks before:`,
  );
  for (const c of digest.changes.slice(0, SHOWN)) {
    const who = "team" in c ? `${escape(c.name)} (team)` : escape(c.name);
    const ratio = c.rateRatio === null ? "from none" : `×${c.rateRatio}`;
    lines.push(`${c.direction === "up" ? "▲" : "▼"} ${who}: ${escape(c.metricName)} ${c.endedWeek} (usually ${c.baselineWeeklyMean} a week, ${ratio})`);
  }
  if (digest.changes.length > SHOWN) lines.push(`… and ${digest.changes.length - SHOWN} more in the console.`);
  return lines.join("\n");
}
