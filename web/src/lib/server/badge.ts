/**
 * What a participant's badge says: "#12 in the Social selling Power 100, week 47" from the latest
 * published Power 100, or their rank on this week's board where they are not in it. Read with the
 * visitor's credential (reader.ts), so a private program's badges show only to its readers.
 */
import type { RequestEvent } from "@sveltejs/kit";
import { points, weekName } from "$lib/periods";
import type { Board, EarnedBadge, Level, Report, Summary } from "$lib/types";
import { callApi, enc } from "./api";
import { readerOf, type Reader } from "./reader";

export interface BadgeFigures {
  reader: Reader;
  name: string | null;
  headline: string;
  line: string;
  /** The game's row (SPEC §5.4, §5.5): the level with progress to the next, and the badges earned; null where there is nothing to show. */
  game: GameRow | null;
}

export interface GameRow {
  /** "Level Pro · 3 badges", or just one of them. */
  text: string;
  /** Progress from this level to the next, 0–1; null at the top level or without levels. */
  progress: number | null;
}

/** The badge's figures, or null where the program cannot be read by this visitor. */
export async function badgeFigures(event: RequestEvent, slug: string, id: string): Promise<BadgeFigures | null> {
  const reader = await readerOf(event, slug).catch(() => null);
  if (!reader) return null;
  const [ranks, game] = await Promise.all([rankFigures(event, reader, slug, id), gameRow(event, reader, slug, id)]);
  return { reader, ...ranks, game };
}

/** The level and badges of the participant's all-time score card, or null where it cannot be read or holds neither. */
async function gameRow(event: RequestEvent, reader: Reader, slug: string, id: string): Promise<GameRow | null> {
  const card = await callApi<{ score: number; level: Level | null; badges: EarnedBadge[] }>(
    event,
    "GET",
    `/v1/programs/${enc(slug)}/participants/${enc(id)}/score?period=all`,
    { as: reader },
  );
  if (!card.ok) return null;
  const { level, badges, score } = card.body;
  const parts = [level ? `Level ${level.name}` : null, badges.length ? `${badges.length} ${badges.length === 1 ? "badge" : "badges"}` : null].filter(
    (p) => p !== null,
  );
  if (parts.length === 0) return null;
  const next = level?.next;
  const progress = level && next ? Math.min(1, Math.max(0, (score - level.points) / (next.points - level.points))) : null;
  return { text: parts.join(" · ") + (next ? ` · ${points(next.points - score)} to ${next.name}` : ""), progress };
}

async function rankFigures(event: RequestEvent, reader: Reader, slug: string, id: string): Promise<Pick<BadgeFigures, "name" | "headline" | "line">> {
  const base = `/v1/programs/${enc(slug)}`;
  const programName = reader.summary.name;
  const weeks = await callApi<{ weeks: string[] }>(event, "GET", `${base}/reports/weekly`, { as: reader });
  const latest = weeks.ok ? weeks.body.weeks[0] : undefined;
  if (latest) {
    const report = await callApi<Report>(event, "GET", `${base}/reports/weekly/${enc(latest)}`, { as: reader });
    const entry = report.ok ? report.body.entries.find((e) => e.id === id) : undefined;
    if (entry) {
      return {
        name: entry.displayName,
        headline: `#${entry.rank} in the ${programName} Power 100, ${weekName(latest)}`,
        line: `${entry.displayName} · ${entry.score} points`,
      };
    }
  }
  const board = await callApi<Board>(event, "GET", `${base}/leaderboard?around=${enc(id)}&limit=1`, { as: reader });
  const entry = board.ok ? board.body.entries.find((e) => e.id === id) : undefined;
  if (entry) {
    return {
      name: entry.displayName,
      headline: `#${entry.rank} of ${board.body.total} on ${programName}, ${weekName(board.body.period.label)}`,
      line: `${entry.displayName} · ${entry.score} points`,
    };
  }
  return { name: null, headline: programName, line: "Not on the board yet" };
}

/** Images of a public program may be cached by anyone; a private program's only by the visitor. */
export const imageCaching = (summary: Pick<Summary, "visibility">) => (summary.visibility === "public" ? "public, max-age=300" : "private, max-age=60");
