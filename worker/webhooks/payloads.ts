/** What a notification says: the event as JSON, or a message for Slack-compatible incoming webhooks. */
import type { ContestEnded } from "../engine/announcements";
import type { WeeklyReport } from "../engine/reports";
import { type BadgesEarned, badgesText, contestText } from "./game-messages";

export const WEBHOOK_EVENTS = ["report.published", "contest.ended", "badge.earned"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What each event carries as its `data`. */
export interface WebhookData {
  "report.published": WeeklyReport;
  "contest.ended": ContestEnded;
  "badge.earned": BadgesEarned;
}

export function payload<E extends WebhookEvent>(format: "json" | "slack", event: E, program: { slug: string; name: string }, data: WebhookData[E]): string {
  if (format === "json") return JSON.stringify({ event, program: program.slug, data });
  const text =
    event === "contest.ended"
      ? contestText(program.name, data as ContestEnded)
      : event === "badge.earned"
        ? badgesText(program.name, data as BadgesEarned)
        : slackText(program.name, data as WeeklyReport);
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

/** Slack reads &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
