/** Loading a leaderboard page for the site: the board, the period's neighbours, rank changes and the seller's own row. */
import type { RequestEvent, ServerLoadEvent } from "@sveltejs/kit";
import { isBoardPeriod, nextPeriod, periodAt, periodTitle, previousPeriod, type Span } from "$lib/periods";
import type { Board, BoardEntry, Contest, Target } from "$lib/types";
import { LIVE } from "$lib/live";
import { callApi, enc, fail, read } from "./api";
import { originOf } from "./origin";
import { readerOf } from "./reader";

export interface BoardQuery {
  scope: "individual" | "team";
  period: "week" | "month" | "quarter" | "all";
  at: string | null;
  cohort: string | null;
  cursor: string | null;
  find: string | null;
  limit: number;
  /** A metric board (SPEC §5.2): ranked by this metric's figure instead of the lead score. */
  metric?: string | null;
}

export function boardQuery(url: URL, limit = 50): BoardQuery {
  const p = url.searchParams;
  const period = p.get("period");
  return {
    scope: p.get("scope") === "team" ? "team" : "individual",
    period: isBoardPeriod(period) ? period : "week",
    at: p.get("at") || null,
    cohort: p.get("cohort") || null,
    cursor: p.get("cursor") || null,
    find: p.get("find")?.trim() || null,
    limit,
    metric: p.get("metric") || null,
  };
}

const boardPath = (
  slug: string,
  q: { scope: string; period: string; label: string; cohort: string | null; metric: string | null },
  extra: Record<string, string>,
) => {
  const params = new URLSearchParams({ scope: q.scope, period: q.period, ...(q.period === "all" ? {} : { at: q.label }), ...extra });
  if (q.cohort) params.set("cohort", q.cohort);
  if (q.metric) params.set("metric", q.metric);
  return `/v1/programs/${enc(slug)}/leaderboard?${params}`;
};

/** The program's span, read once a request (TV mode loads several boards). */
export async function spanOf(event: RequestEvent, slug: string): Promise<Span> {
  const reader = await readerOf(event, slug);
  return (reader.span ??= read<Span>(event, `/v1/programs/${enc(slug)}/span`, reader));
}

/**
 * `game`: the board page's extras, which TV mode and images go without: the program's contests,
 * and the seller's own target for the board (their row's progress bar measures towards it).
 */
export async function loadBoard(event: RequestEvent, slug: string, q: BoardQuery, { game = false }: { game?: boolean } = {}) {
  // Pages re-run this load to stay live; an image or JSON endpoint has no dependencies to declare.
  if ("depends" in event) (event as ServerLoadEvent).depends(LIVE);
  const reader = await readerOf(event, slug);
  const { summary, seller } = reader;
  const span = await spanOf(event, slug);
  const cohort = q.cohort && summary.cohorts.some((c) => c.name === q.cohort) ? q.cohort : null;
  const metric = summary.metrics.find((m) => m.key === q.metric) ?? null;
  const period = periodAt(q.period, q.at, span);
  const base = { scope: q.scope, period: q.period, label: period.label, cohort, metric: metric?.key ?? null };

  let findMessage: string | null = null;
  let around: string | null = null;
  if (q.find) {
    const direct = await callApi<Board>(event, "GET", boardPath(slug, base, { around: q.find, limit: "1" }), { as: reader });
    if (direct.ok) around = q.find;
    else {
      // Not an id on this board: look for the name among the board's entries.
      const all = await read<Board>(event, boardPath(slug, base, { limit: "1000" }), reader);
      const needle = q.find.toLocaleLowerCase();
      const match = all.entries.filter((e) => e.displayName.toLocaleLowerCase().includes(needle));
      if (match.length > 0) around = match[0].id;
      findMessage =
        match.length === 0
          ? `No one called “${q.find}” is on this board. Sellers appear once they opt in.`
          : match.length > 1
            ? `${match.length} names match “${q.find}”; showing the first, ${match[0].displayName}.`
            : null;
    }
  }
  const extra: Record<string, string> = { limit: String(q.limit) };
  if (around) extra.around = around;
  else if (q.cursor) extra.cursor = q.cursor;
  const answer = await callApi<Board>(event, "GET", boardPath(slug, base, extra), { as: reader });
  if (!answer.ok) fail(answer);
  const board = answer.body;

  // The seller on this device: their row is marked, and pinned below the page when it is not on it.
  const own = q.scope === "individual" && !q.find && seller ? seller.id : null;
  let pinned: BoardEntry | null = null;
  if (own && !board.entries.some((e) => e.id === own)) {
    const mine = await callApi<Board>(event, "GET", boardPath(slug, base, { around: own, limit: "1" }), { as: reader });
    if (mine.ok) pinned = mine.body.entries.find((e) => e.id === own) ?? null;
  }
  const highlight = around ?? (own && (pinned || board.entries.some((e) => e.id === own)) ? own : null);

  // Rank changes: each entry's rank on the same board for the previous period.
  const previous = previousPeriod(period, span.firstDay);
  const previousRanks: Record<string, number> = {};
  if (previous && board.entries.length > 0) {
    const prev = await callApi<Board>(event, "GET", boardPath(slug, { ...base, label: previous.label }, { limit: "1000" }), { as: reader });
    if (prev.ok) for (const e of prev.body.entries) if (e.score > 0) previousRanks[e.id] = e.rank;
  }
  const next = nextPeriod(period, span.today);
  const [leader, contests, ownTarget] = await Promise.all([
    leaderScore(event, reader, slug, base, board),
    game ? callApi<{ contests: Contest[] }>(event, "GET", `/v1/programs/${enc(slug)}/contests`, { as: reader }) : null,
    game && own && q.period !== "all" && (pinned || board.entries.some((e) => e.id === own)) ? targetOf(event, reader, slug, own, base) : null,
  ]);
  return {
    origin: originOf(event),
    now: Date.now(),
    summary,
    board,
    metric,
    leader,
    contests: contests?.ok ? contests.body.contests : [],
    ownTarget,
    query: { ...q, cohort, metric: metric?.key ?? null },
    period: { label: period.label, kind: period.kind, title: periodTitle(period) },
    previous: previous && { label: previous.label, title: periodTitle(previous) },
    next: next && { label: next.label, title: periodTitle(next) },
    previousRanks,
    highlight,
    pinned,
    seller: own ? seller : null,
    findMessage,
  };
}

export type BoardData = Awaited<ReturnType<typeof loadBoard>>;

type BoardBase = Parameters<typeof boardPath>[1];

/** The leader's figure, which each row's progress bar measures towards: the first entry, or read where the page starts lower. */
async function leaderScore(
  event: RequestEvent,
  reader: Awaited<ReturnType<typeof readerOf>>,
  slug: string,
  base: BoardBase,
  board: Board,
): Promise<number | null> {
  if (board.entries.length === 0) return null;
  if (board.entries[0].rank === 1) return board.entries[0].score;
  const top = await callApi<Board>(event, "GET", boardPath(slug, base, { limit: "1" }), { as: reader });
  return top.ok ? (top.body.entries[0]?.score ?? null) : null;
}

/** The seller's own target for this board's period and measure (the lead score, or the board's metric), where they have one. */
async function targetOf(event: RequestEvent, reader: Awaited<ReturnType<typeof readerOf>>, slug: string, id: string, base: BoardBase): Promise<Target | null> {
  const card = await callApi<{ targets: Target[] }>(
    event,
    "GET",
    `/v1/programs/${enc(slug)}/participants/${enc(id)}/score?period=${base.period}&at=${enc(base.label)}`,
    { as: reader },
  );
  if (!card.ok) return null;
  return card.body.targets.find((t) => t.period === base.period && t.metric === base.metric) ?? null;
}
