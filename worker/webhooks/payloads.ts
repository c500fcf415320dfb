/** What a notification says: the event as JSON, or a message for Slack-compatible incoming webhooks. */
import type { WeeklyReport } from "../engine/reports";

export type WebhookEvent = "report.published";
export const WEBHOOK_EVENTS = ["report.published"] as const;

export function payload(format: "json" | "slack", event: WebhookEvent, program: { slug: string; name: string }, data: WeeklyReport): string {
  if (format === "json") return JSON.stringify({ event, program: program.slug, data });
  return JSON.stringify({ text: slackText(program.name, data) });
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

/** Slack reads &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
