/**
 * Leaderboard pages (SPEC §4) from the live boards: individual pages are ranges of the period's
 * ranked board (after a keyset cursor, or centred on a participant); team boards are small (one
 * entry per team), built whole from the team totals and sliced the same way.
 */
import { fromTenThousandths } from "../../scoring/decimal";
import { parsePeriod } from "../../scoring/periods";
import type { RankedBoard } from "../../scoring/ranked-board";
import { compareCodePoints, compareEntries } from "../../scoring/ranking";
import { rankTeamTotals } from "../../scoring/teams";
import { type CursorState, decodeCursor, encodeCursor } from "../cursor";
import { malformed, notFound } from "../errors";
import { describePeriod } from "../period-query";
import type { LeaderboardQuery } from "../schemas/boards";
import type { PeriodBoard } from "./boards";
import { boardSpec, metricNamed, type ReadPeriod, type ReadPeriodKind, readPeriod } from "./periods";
import type { EngineState } from "./state";

interface Page<E> {
  total: number;
  entries: (E & { rank: number; id: string; score: number })[];
  /** The last entry's place, where more entries follow it. */
  next: { score: number; id: string } | null;
}

export function leaderboard(state: EngineState, q: LeaderboardQuery, now: number) {
  const program = state.program;
  if (q.cursor !== undefined && q.around !== undefined) throw malformed("cursor and around cannot be used together");
  const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor);
  const metric = q.metric === undefined ? null : metricNamed(state, q.metric);
  // A cursor pins the period it was made for, so paging on across midnight stays on one board.
  const pinned = cursor && q.at === undefined ? pinnedPeriod(state, cursor, q.period, now) : null;
  const period = pinned ?? readPeriod(state, q.period, q.at, now);
  const query = [q.scope, q.period, period.label, q.cohort ?? "", q.limit, ...(metric ? [metric.key] : [])].join("|");
  if (cursor && cursor.query !== query) throw malformed("cursor: it belongs to a query with other parameters");

  const board = state.boards.get(boardSpec(state, period, metric, now));
  const page = q.scope === "team" ? teamPage(state, board, q, cursor) : individualPage(state, board, q, cursor);
  return {
    program: program.slug,
    scope: q.scope,
    period: describePeriod(period, program.timezone),
    metric: metric?.key ?? null,
    cohort: q.cohort ?? null,
    total: page.total,
    entries: page.entries,
    nextCursor: page.next ? encodeCursor({ query, ...page.next }) : null,
  };
}

/**
 * The period a cursor was made for, where it is of the queried kind. Otherwise null: the cursor
 * then fails the query check (400), rather than its label failing as an `at` (422).
 */
function pinnedPeriod(state: EngineState, cursor: CursorState, kind: ReadPeriodKind, now: number): ReadPeriod | null {
  const [, cursorKind, label] = cursor.query.split("|");
  if (cursorKind !== kind || label === undefined) return null;
  if (kind === "contest") return readPeriod(state, kind, label, now);
  const period = parsePeriod(kind, label);
  return period && { ...period, contest: null };
}

function individualPage(
  state: EngineState,
  periodBoard: PeriodBoard,
  q: LeaderboardQuery,
  cursor: CursorState | null,
): Page<{ displayName: string; team: string | null }> {
  const board = periodBoard.ranking(q.cohort ?? null);
  const start = q.around !== undefined ? startAround(state, board, q.around, q.limit) : cursor ? startAfter(state, board, cursor) : 0;
  const rows = board.slice(start, q.limit);
  const last = rows.at(-1);
  return {
    total: board.size,
    entries: rows.map(({ key, score }) => {
      const p = state.roster.get(key)!;
      return { rank: board.countAbove(score) + 1, id: p.id, displayName: p.displayName, team: p.team, score: fromTenThousandths(score) };
    }),
    next: last && start + rows.length < board.size ? { score: last.score, id: state.roster.get(last.key)!.id } : null,
  };
}

/** The position after the cursor's place: right even where its entry has moved or left the board. */
function startAfter(state: EngineState, board: RankedBoard, cursor: CursorState): number {
  return board.positionAfter(cursor.score, (key) => compareCodePoints(state.roster.get(key)!.id, cursor.id));
}

/** The start of a page of `limit` centred on the participant: half before, the rest from them on, kept within the board. */
function startAround(state: EngineState, board: RankedBoard, id: string, limit: number): number {
  const p = state.roster.find(id);
  const at = p ? board.positionOf(p.pk) : -1;
  if (at < 0) throw notFound(`participant "${id}" on this board`);
  const half = Math.floor((limit - 1) / 2);
  return Math.max(0, Math.min(at - half, board.size - limit));
}

function teamPage(state: EngineState, board: PeriodBoard, q: LeaderboardQuery, cursor: CursorState | null): Page<{ displayName: string; members: number }> {
  const program = state.program;
  const names = new Map(program.teams.map((t) => [t.key, t.name]));
  const totals = board.teamTotals(program.teams, q.cohort ?? null);
  const teams = rankTeamTotals(totals, program.teamAggregation).map((t) => ({ ...t, id: t.key }));
  let start = 0;
  if (cursor) start = teams.findIndex((t) => compareEntries(t, cursor) > 0);
  if (start < 0) start = teams.length;
  if (q.around !== undefined) {
    const at = teams.findIndex((t) => t.key === q.around);
    if (at < 0) throw notFound(`team "${q.around}" on this board`);
    start = Math.max(0, Math.min(at - Math.floor((q.limit - 1) / 2), teams.length - q.limit));
  }
  const shown = teams.slice(start, start + q.limit);
  const more = start + q.limit < teams.length;
  return {
    total: teams.length,
    entries: shown.map((t) => ({ rank: t.rank, id: t.key, displayName: names.get(t.key)!, members: t.members, score: fromTenThousandths(t.score) })),
    next: more ? { score: shown.at(-1)!.score, id: shown.at(-1)!.key } : null,
  };
}
