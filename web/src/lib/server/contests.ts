/** Reading a program's contests for the site, with the visitor's credential (reader.ts). */
import { error, type RequestEvent } from "@sveltejs/kit";
import type { Board, BoardEntry, Contest } from "$lib/types";
import { callApi, enc, read } from "./api";
import { readerOf } from "./reader";

export async function loadContests(event: RequestEvent, slug: string) {
  const reader = await readerOf(event, slug);
  const { contests } = await read<{ contests: Contest[] }>(event, `/v1/programs/${enc(slug)}/contests`, reader);
  return { reader, contests };
}

/** One contest and, once it has started, its board (with the seller's own entry where it is below the page). */
export async function loadContest(event: RequestEvent, slug: string, key: string, limit = 50) {
  const { reader, contests } = await loadContests(event, slug);
  const contest = contests.find((c) => c.key === key);
  if (!contest) error(404, "Not found");
  const path = (extra: Record<string, string>) => `/v1/programs/${enc(slug)}/leaderboard?${new URLSearchParams({ period: "contest", at: key, ...extra })}`;
  let board: Board | null = null;
  let pinned: BoardEntry | null = null;
  const own = reader.seller?.id ?? null;
  if (contest.status !== "upcoming") {
    board = await read<Board>(event, path({ limit: String(limit) }), reader);
    if (own && !board.entries.some((e) => e.id === own)) {
      const mine = await callApi<Board>(event, "GET", path({ around: own, limit: "1" }), { as: reader });
      if (mine.ok) pinned = mine.body.entries.find((e) => e.id === own) ?? null;
    }
  }
  const onBoard = own !== null && (pinned !== null || (board?.entries.some((e) => e.id === own) ?? false));
  return { summary: reader.summary, contest, board, pinned, seller: onBoard ? reader.seller : null };
}

/** "16–22 Nov 2026", "30 Nov – 6 Dec 2026": a contest's days (its end is the first instant after its last day). */
export function contestDays(contest: Pick<Contest, "start" | "end">, timeZone: string): string {
  const format = (ms: number, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { timeZone, ...options }).format(new Date(ms));
  const first = Date.parse(contest.start);
  const last = Date.parse(contest.end) - 1;
  const full = { day: "numeric", month: "short", year: "numeric" } as const;
  if (format(first, full) === format(last, full)) return format(first, full);
  if (format(first, { month: "short", year: "numeric" }) === format(last, { month: "short", year: "numeric" }))
    return `${format(first, { day: "numeric" })}–${format(last, full)}`;
  return `${format(first, { day: "numeric", month: "short" })} – ${format(last, full)}`;
}
