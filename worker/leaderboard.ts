/**
 * Leaderboard pages (SPEC §4). Individual boards page through the board index with a keyset
 * cursor; team boards are small (one entry per team), so they are built whole from per-team
 * totals and sliced the same way.
 */
import { fromTenThousandths } from "../scoring/decimal";
import { type Period, type PeriodKind, parsePeriod } from "../scoring/periods";
import { compareEntries } from "../scoring/ranking";
import { rankTeamTotals, rollUp } from "../scoring/teams";
import type { Db } from "./context";
import { type CursorState, decodeCursor, encodeCursor } from "./cursor";
import { type Ahead, type BoardKey, type BoardRow, type BoardScope, boardSize, countAhead, countAheadOfNthBefore, entriesAfter, entriesBefore, rankedRow, teamTotals } from "./db/boards";
import { type ProgramRow, teamsOf } from "./db/programs";
import { malformed, notFound } from "./errors";
import { describePeriod, resolvePeriod } from "./period-query";
import type { LeaderboardQuery } from "./schemas/queries";

interface Page<E> {
  total: number;
  entries: (E & { rank: number; id: string; score: number })[];
  /** The last entry's place, where more entries follow it. */
  next: BoardKey | null;
}

export async function leaderboard(db: Db, program: ProgramRow, q: LeaderboardQuery, now: number) {
  if (q.cursor !== undefined && q.around !== undefined) throw malformed("cursor and around cannot be used together");
  const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor);
  // A cursor pins the period it was made for, so paging on across midnight stays on one board.
  const pinned = cursor && q.at === undefined ? pinnedPeriod(cursor, q.period) : null;
  const period = pinned ?? resolvePeriod(q.period, q.at, program.timeZone, now);
  const query = [q.scope, q.period, period.label, q.cohort ?? "", q.limit].join("|");
  if (cursor && cursor.query !== query) throw malformed("cursor: it belongs to a query with other parameters");

  const scope: BoardScope = { programId: program.id, period: period.label, cohort: q.cohort ?? null };
  const page = q.scope === "team" ? await teamPage(db, program, scope, q, cursor) : await individualPage(db, scope, q, cursor);
  return {
    program: program.slug,
    scope: q.scope,
    period: describePeriod(period, program.timeZone),
    cohort: q.cohort ?? null,
    total: page.total,
    entries: page.entries,
    nextCursor: page.next ? encodeCursor({ query, ...page.next }) : null,
  };
}

/**
 * The period a cursor was made for, where it is of the queried kind. Otherwise null: the cursor
 * then fails the query check below (400), rather than its label failing as an `at` (422).
 */
function pinnedPeriod(cursor: CursorState, kind: PeriodKind): Period | null {
  const [, cursorKind, label] = cursor.query.split("|");
  return cursorKind === kind && label !== undefined ? parsePeriod(kind, label) : null;
}

/**
 * A page's ranks need the count ahead of its first entry. It is counted ahead of an entry known
 * before the page is read (the cursor's, or the participant a page centres on), in the same round
 * trip as the page, and carried to the first entry along the page (see rowsAround for a page
 * around a participant, which sometimes needs one more count).
 */
async function individualPage(db: Db, scope: BoardScope, q: LeaderboardQuery, cursor: CursorState | null): Promise<Page<{ displayName: string; team: string | null }>> {
  const [total, { rows, ahead: aheadOfRows }] = await Promise.all([
    boardSize(db, scope),
    q.around === undefined ? pageAfter(db, scope, cursor, q.limit + 1) : rowsAround(db, scope, q.around, q.limit),
  ]);
  const more = rows.length > q.limit;
  const shown = rows.slice(0, q.limit);
  // Only a page around a participant (never empty) may come without its count.
  const ahead = aheadOfRows ?? (await countAhead(db, scope, shown[0]));
  // tiedBefore is null only for a page of zero scores, whose entries all rank higher + 1: no offset is read.
  const ranks = pageRanks(shown, ahead.higher, ahead.higher + (ahead.tiedBefore ?? 0));
  return {
    total,
    entries: shown.map((r, i) => ({ rank: ranks[i], id: r.id, displayName: r.displayName, team: r.team, score: fromTenThousandths(r.score) })),
    next: more ? { score: shown.at(-1)!.score, id: shown.at(-1)!.id } : null,
  };
}

/** Up to `limit` entries after the cursor (from the top without one), and the count ahead of the first. */
async function pageAfter(db: Db, scope: BoardScope, cursor: CursorState | null, limit: number): Promise<{ rows: BoardRow[]; ahead: Ahead | null }> {
  // A page from the top of the board has no one ahead of it.
  if (cursor === null) return { rows: await entriesAfter(db, scope, null, limit), ahead: { higher: 0, tiedBefore: 0 } };
  const [rows, throughCursor] = await Promise.all([entriesAfter(db, scope, cursor, limit), countAhead(db, scope, cursor, { through: true })]);
  if (!rows.length) return { rows, ahead: { higher: 0, tiedBefore: 0 } };
  // Nothing lies between the cursor and the first entry: every tie up to the cursor comes first,
  // and where the first entry scores less, everyone up to the cursor scores more.
  const ahead: Ahead =
    rows[0].score === cursor.score
      ? throughCursor
      : { higher: throughCursor.higher + (throughCursor.tiedBefore ?? 0), tiedBefore: 0 };
  return { rows, ahead };
}

/**
 * A page of `limit` centred on the participant: half before it, the rest from it on (one more, to
 * tell if more follow), and the count ahead of its first entry. That count is read with the rows:
 * ahead of the participant, carried back over ties; and ahead of the entry where such a page
 * usually starts, half a page before a participant with a score. Only a page that starts
 * elsewhere (near the bottom of the board, or at the edge of the zero scores) counts once more.
 */
async function rowsAround(db: Db, scope: BoardScope, id: string, limit: number): Promise<{ rows: BoardRow[]; ahead: Ahead | null }> {
  const self = await rankedRow(db, scope, id);
  if (!self) throw notFound(`participant "${id}" on this board`);
  const half = Math.floor((limit - 1) / 2);
  // Both sides and the counts at once (one round trip): as many before as the page could need, trimmed below.
  const [after, nearestBefore, atSelf, atHalfBefore] = await Promise.all([
    entriesAfter(db, scope, self, limit),
    entriesBefore(db, scope, self, limit - 1),
    countAhead(db, scope, self),
    self.score > 0 && half > 0 ? countAheadOfNthBefore(db, scope, self, half) : null,
  ]);
  const wantBefore = Math.max(half, limit - 1 - after.length);
  const before = nearestBefore.slice(0, wantBefore).reverse();
  const rows = [...before, self, ...after].slice(0, limit + 1);
  const aheadOfFirst = (): Ahead | null => {
    // Fewer entries before the participant than the page wanted: it starts at the top of the board.
    if (nearestBefore.length < wantBefore) return { higher: 0, tiedBefore: 0 };
    // Entries before the participant with its score are ties that come first: the first entry has that many fewer.
    if (rows[0].score === self.score) {
      return { higher: atSelf.higher, tiedBefore: atSelf.tiedBefore === null ? null : atSelf.tiedBefore - before.length };
    }
    return before.length === half ? atHalfBefore : null;
  };
  return { rows, ahead: aheadOfFirst() };
}

/**
 * Competition ranks of a page in board order: the first entry's rank comes from `higher` (how
 * many score more); a later entry that starts a new score is at its position, `offset` + index.
 */
function pageRanks(rows: readonly BoardKey[], higher: number, offset: number): number[] {
  const ranks: number[] = [];
  rows.forEach((r, i) => {
    if (i === 0 || r.score === rows[0].score) ranks.push(higher + 1);
    else ranks.push(r.score === rows[i - 1].score ? ranks[i - 1] : offset + i + 1);
  });
  return ranks;
}

async function teamPage(db: Db, program: ProgramRow, scope: BoardScope, q: LeaderboardQuery, cursor: CursorState | null): Promise<Page<{ displayName: string; members: number }>> {
  const [teamRows, totals] = await Promise.all([teamsOf(db, program.id), teamTotals(db, scope)]);
  const names = new Map(teamRows.map((t) => [t.key, t.name]));
  const board = rankTeamTotals(rollUp(teamRows.map((t) => ({ key: t.key, parent: t.parentKey })), totals), program.teamAggregation).map((t) => ({ ...t, id: t.key }));
  let start = 0;
  if (cursor) start = board.findIndex((t) => compareEntries(t, cursor) > 0);
  if (start < 0) start = board.length;
  if (q.around !== undefined) {
    const at = board.findIndex((t) => t.key === q.around);
    if (at < 0) throw notFound(`team "${q.around}" on this board`);
    start = Math.max(0, Math.min(at - Math.floor((q.limit - 1) / 2), board.length - q.limit));
  }
  const shown = board.slice(start, start + q.limit);
  const more = start + q.limit < board.length;
  return {
    total: board.length,
    entries: shown.map((t) => ({ rank: t.rank, id: t.key, displayName: names.get(t.key)!, members: t.members, score: fromTenThousandths(t.score) })),
    next: more ? { score: shown.at(-1)!.score, id: shown.at(-1)!.key } : null,
  };
}
