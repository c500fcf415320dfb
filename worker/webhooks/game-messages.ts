/** Slack messages of the game's events (SPEC §5): a contest's winners, and badges newly earned. */
import type { BadgeEarned, ContestEnded } from "../engine/announcements";

/** `badge.earned` carries the badges one run of the job found, in one delivery (up to BADGES_PER_DELIVERY). */
export interface BadgesEarned {
  earned: BadgeEarned[];
}

/** Badges a Slack message names; the rest are counted. */
const BADGES_IN_A_MESSAGE = 20;
const MEDALS = ["🥇", "🥈", "🥉"];

export function contestText(programName: string, news: ContestEnded): string {
  const head = `*${escape(programName)}: ${escape(news.contest.name)} has ended*`;
  if (news.winners.length === 0) return `${head}\nNo one scored in it.`;
  const places = news.winners.map((w) => `${MEDALS[w.rank - 1] ?? ""} ${w.rank}. ${escape(w.displayName)}: ${w.score} points`.trim());
  return [head, `Winners, of ${news.total} ranked:`, ...places].join("\n");
}

export function badgesText(programName: string, data: BadgesEarned): string {
  const lines = data.earned.slice(0, BADGES_IN_A_MESSAGE).map((e) => `🏅 ${escape(e.participant.displayName)} earned *${escape(e.badge.name)}*`);
  const more = data.earned.length - lines.length;
  if (more > 0) lines.push(`…and ${more} more.`);
  const head = `*${escape(programName)}: ${data.earned.length === 1 ? "a badge" : `${data.earned.length} badges`} earned*`;
  return [head, ...lines].join("\n");
}

/** Slack reads &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
