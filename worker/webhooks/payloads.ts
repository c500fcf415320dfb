/**
 * What a notification says. A delivery stores the event and its data (`envelope`), so that an
 * erasure can take a participant out of a payload not yet sent (db/webhook-deliveries.ts); the body sent is made
 * from it at each attempt: the envelope itself as JSON, or a message for Slack-compatible
 * incoming webhooks.
 */
import type { ContestEnded } from "../engine/announcements";
import type { WeeklyInsights } from "../engine/insights-changes";
import type { WeeklyReport } from "../engine/reports";
import { type BadgesEarned, badgesText, contestText } from "./game-messages";
import { insightsText } from "./insights-payload";
import { escape } from "./slack";

export const WEBHOOK_EVENTS = ["report.published", "insights.weekly", "contest.ended", "badge.earned"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What each event carries as its `data`. */
export interface WebhookData {
  "report.published": WeeklyReport;
  "insights.weekly": WeeklyInsights;
  "contest.ended": ContestEnded;
  "badge.earned": BadgesEarned;
}

/**
 * The most report entries a delivery carries. Ties at rank 100 can put a thousand entries in a
 * report, more than D1 holds in one string; a receiver gets the first ones and how many were left
 * out (`entriesOmitted`), and reads the whole report from the API.
 */
export const DELIVERED_ENTRIES = 200;

/** The stored payload: `{event, program, data}`, the JSON format's body. */
export function envelope<E extends WebhookEvent>(event: E, program: { slug: string }, data: WebhookData[E]): string {
  if (event !== "report.published") return JSON.stringify({ event, program: program.slug, data });
  const report = data as WeeklyReport;
  const omitted = Math.max(0, report.entries.length - DELIVERED_ENTRIES);
  const delivered = omitted === 0 ? report : { ...report, entries: report.entries.slice(0, DELIVERED_ENTRIES), entriesOmitted: omitted };
  return JSON.stringify({ event, program: program.slug, data: delivered });
}

/** The body to send for a stored payload, in the subscription's format. */
export function bodyOf(format: "json" | "slack", stored: string, programName: string): string {
  if (format === "json") return stored;
  const { event, data } = JSON.parse(stored) as { event: WebhookEvent; data: unknown };
  return JSON.stringify({ text: slackTextOf(event, programName, data) });
}

function slackTextOf(event: WebhookEvent, programName: string, data: unknown): string {
  switch (event) {
    case "insights.weekly":
      return insightsText(programName, data as WeeklyInsights);
    case "contest.ended":
      return contestText(programName, data as ContestEnded);
    case "badge.earned":
      return badgesText(programName, data as BadgesEarned);
    case "report.published":
      return reportText(programName, data as WeeklyReport);
  }
}

function reportText(programName: string, report: WeeklyReport): string {
  const arrow = (change: number | null) => (change === null ? "new" : change > 0 ? `▲${change}` : change < 0 ? `▼${-change}` : "=");
  const top = report.entries.slice(0, 10).map((e) => `${e.rank}. ${escape(e.displayName)}: ${e.score} points (${arrow(e.rankChange)})`);
  const names = new Map(report.entries.map((e) => [e.id, escape(e.displayName)]));
  const lines = [`*${escape(programName)} Power 100, week ${report.week}*`, `${report.total} sellers ranked.`, ...top];
  if (report.movers.length) lines.push(`Biggest climbers: ${report.movers.map((id) => names.get(id)).join(", ")}`);
  if (report.newEntries.length) lines.push(`New in the Power 100: ${report.newEntries.length}`);
  return lines.join("\n");
}
