/** Loading a leaderboard page for the site: the board, the period's neighbours and rank changes. */
import type { RequestEvent } from "@sveltejs/kit";
import { isBoardPeriod, nextPeriod, periodAt, periodTitle, previousPeriod } from "$lib/periods";
import type { Board, Summary } from "$lib/types";
import { callApi, enc, fail, read } from "./api";
import { originOf } from "./origin";

export interface BoardQuery {
  scope: "individual" | "team";
  period: "week" | "month" | "quarter" | "all";
  at: string | null;
  cohort: string | null;
  cursor: string | null;
  find: string | null;
  limit: number;
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
  };
}

const boardPath = (slug: string, q: { scope: string; period: string; label: string; cohort: string | null }, extra: Record<string, string>) => {
  const params = new URLSearchParams({ scope: q.scope, period: q.period, ...(q.period === "all" ? {} : { at: q.label }), ...extra });
  if (q.cohort) params.set("cohort", q.cohort);
  return `/v1/programs/${enc(slug)}/leaderboard?${params}`;
};

export async function loadBoard(event: RequestEvent, slug: string, q: BoardQuery, as: "public" | "seller" = "public") {
  const summary = await read<Summary>(event, `/v1/programs/${enc(slug)}/summary`, as);
  const cohort = q.cohort && summary.cohorts.some((c) => c.name === q.cohort) ? q.cohort : null;
  const period = periodAt(q.period, q.at, summary.today);
  const base = { scope: q.scope, period: q.period, label: period.label, cohort };

  let findMessage: string | null = null;
  let around: string | null = null;
  if (q.find) {
    const direct = await callApi<Board>(event, "GET", boardPath(slug, base, { around: q.find, limit: "1" }), { as });
    if (direct.ok) around = q.find;
    else {
      // Not an id on this board: look for the name among the board's entries.
      const all = await read<Board>(event, boardPath(slug, base, { limit: "1000" }), as);
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
  const answer = await callApi<Board>(event, "GET", boardPath(slug, base, extra), { as });
  if (!answer.ok) fail(answer);
  const board = answer.body;

  // Rank changes: each entry's rank on the same board for the previous period.
  const previous = previousPeriod(period);
  const previousRanks: Record<string, number> = {};
  if (previous && board.entries.length > 0) {
    const prev = await callApi<Board>(event, "GET", boardPath(slug, { ...base, label: previous.label }, { limit: "1000" }), { as });
    if (prev.ok) for (const e of prev.body.entries) if (e.score > 0) previousRanks[e.id] = e.rank;
  }
  const next = nextPeriod(period, summary.today);
  return {
    origin: originOf(event),
    summary,
    board,
    query: { ...q, cohort },
    period: { label: period.label, kind: period.kind, title: periodTitle(period) },
    previous: previous && { label: previous.label, title: periodTitle(previous) },
    next: next && { label: next.label, title: periodTitle(next) },
    previousRanks,
    highlight: around,
    findMessage,
  };
}
