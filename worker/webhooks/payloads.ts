/** What a notification says: the event as JSON, or a message for Slack-compatible incoming webhooks. */
import type { WeeklyInsights } from "../engine/insights-changes";
import type { WeeklyReport } from "../engine/reports";
import { insightsText } from "./insights-payload";
import { escape } from "./slack";

export type WebhookEvent = "report.published" | "insights.weekly";
export const WEBHOOK_EVENTS = ["report.published", "insights.weekly"] as const;
/** report.published carries a WeeklyReport, insights.weekly the managers' WeeklyInsights. */
export type WebhookData = WeeklyReport | WeeklyInsights;

export function payload(format: "json" | "slack", event: WebhookEvent, program: { slug: string; name: string }, data: WebhookData): string {
  if (format === "json") return JSON.stringify({ event, program: program.slug, data });
  const text = event === "insights.weekly" ? insightsText(program.name, data as WeeklyInsights) : slackText(program.name, data as WeeklyReport);
  return JSON.stringify({ text });
}

function slackText(programName: string, report: WeeklyReport): string {
  const arrow = (change: number | null) => (change === null ? "new" : change > 0 ? `▲${change}` : change < 0 ? `▼${-change}` : "=");
  const top = report.entries
    .slice(0, 10)
    .map((e) => `${e.rank}. ${escape(e.displayName)}: ${e.score} points (${arrow(e.rankChange)})`);
  const names = new Map(report.entries.map((e) => [e.id, escape(e.displayName)]));
  const lines = [`*${escape(programName)} Power 100, week ${report.week}*`, `${report.total} sellers ranked.`, ...top];
  if (report.movers.length) lines.push(`Biggest climbers: ${report.movers.map((id) => names.get(id)).join(", ")}`);
  if (report.newEntries.length) lines.push(`New in the Power 100: ${report.newEntries.length}`);
  return lines.join("\n");
}
