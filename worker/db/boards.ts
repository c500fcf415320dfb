/**
 * The SQL behind leaderboards. Board order is score descending, then participant id ascending
 * (SQLite's BINARY collation, i.e. code-point order). Participants with a positive score for the
 * period come from `period_scores` through its board index; the ranked participants without one
 * (score 0) follow, in id order, from `participants`. Neither part scans raw events.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../context";
import { bucketOf, nextBucketSql } from "./score-counts";

/** Which ranked participants a board holds: one program's, for one period label, maybe one cohort. */
export interface BoardScope {
  programId: number;
  period: string;
  cohort: string | null;
}

/** A place in board order. */
export interface BoardKey {
  score: number;
  id: string;
}

export interface BoardRow extends BoardKey {
  pk: number;
  displayName: string;
  team: string | null;
}

const cohortIs = (scope: BoardScope, column: SQL) => (scope.cohort === null ? sql`` : sql`AND ${column} = ${scope.cohort}`);

function positiveRows(db: Db, scope: BoardScope, where: SQL, order: "board" | "reverse", limit: number) {
  const orderBy = order === "board" ? sql`s.score DESC, s.participant_id ASC` : sql`s.score ASC, s.participant_id DESC`;
  return db.all<BoardRow>(sql`
    SELECT s.participant_pk AS pk, s.participant_id AS id, s.score AS score, p.display_name AS displayName, p.team_key AS team
    FROM period_scores s JOIN participants p ON p.pk = s.participant_pk
    WHERE s.program_id = ${scope.programId} AND s.period = ${scope.period} AND s.ranked = 1
      ${cohortIs(scope, sql`s.cohort`)} AND s.score > 0 AND ${where}
    ORDER BY ${orderBy} LIMIT ${limit}`);
}

function zeroRows(db: Db, scope: BoardScope, where: SQL, order: "board" | "reverse", limit: number) {
  return db.all<BoardRow>(sql`
    SELECT p.pk AS pk, p.id AS id, 0 AS score, p.display_name AS displayName, p.team_key AS team
    FROM participants p
    WHERE p.program_id = ${scope.programId} AND p.ranked = 1 ${cohortIs(scope, sql`p.cohort`)} AND ${where}
      AND NOT EXISTS (SELECT 1 FROM period_scores s WHERE s.participant_pk = p.pk AND s.period = ${scope.period} AND s.score > 0)
    ORDER BY p.id ${order === "board" ? sql`ASC` : sql`DESC`} LIMIT ${limit}`);
}

/** Up to `limit` entries after `key` in board order (from the top without one). */
export async function entriesAfter(db: Db, scope: BoardScope, key: BoardKey | null, limit: number): Promise<BoardRow[]> {
  if (key && key.score === 0) return zeroRows(db, scope, sql`p.id > ${key.id}`, "board", limit);
  const positive = await positiveRows(
    db,
    scope,
    key ? sql`(s.score < ${key.score} OR (s.score = ${key.score} AND s.participant_id > ${key.id}))` : sql`true`,
    "board",
    limit,
  );
  if (positive.length === limit) return positive;
  return [...positive, ...(await zeroRows(db, scope, sql`true`, "board", limit - positive.length))];
}

/** Up to `limit` entries before `key` in board order, nearest first. */
export async function entriesBefore(db: Db, scope: BoardScope, key: BoardKey, limit: number): Promise<BoardRow[]> {
  if (limit === 0) return [];
  const zero = key.score === 0 ? await zeroRows(db, scope, sql`p.id < ${key.id}`, "reverse", limit) : [];
  if (zero.length === limit) return zero;
  const where =
    key.score === 0 ? sql`true` : sql`(s.score > ${key.score} OR (s.score = ${key.score} AND s.participant_id < ${key.id}))`;
  return [...zero, ...(await positiveRows(db, scope, where, "reverse", limit - zero.length))];
}

/** The number of ranked participants on the board (kept in ranked_counts). */
export async function boardSize(db: Db, scope: BoardScope): Promise<number> {
  const row = await db.get<{ n: number | null }>(sql`
    SELECT SUM(n) AS n FROM ranked_counts WHERE program_id = ${scope.programId} ${cohortIs(scope, sql`cohort`)}`);
  return row?.n ?? 0;
}

/** How many positive scores on the board are in buckets from `floor` up (kept in score_counts). */
const countedFrom = (scope: BoardScope, floor: number | SQL) => sql`
  (SELECT COALESCE(SUM(n), 0) FROM score_counts
   WHERE program_id = ${scope.programId} AND period = ${scope.period} AND board = ${scope.cohort ?? ""} AND bucket >= ${floor})`;

/** How many of the board's entries `where` picks, for a range of the board index (`s` is period_scores). */
const countedIn = (scope: BoardScope, where: SQL) => sql`
  (SELECT COUNT(*) FROM period_scores s
   WHERE s.program_id = ${scope.programId} AND s.period = ${scope.period} AND s.ranked = 1
     ${cohortIs(scope, sql`s.cohort`)} AND ${where})`;

/**
 * How many of the board's entries score more than `score` (an SQL value), `next` being the lowest
 * score of the bucket after its own: whole buckets from score_counts, its own along the board index.
 */
const countedAbove = (scope: BoardScope, score: SQL, next: SQL | number) =>
  sql`(${countedFrom(scope, next)} + ${countedIn(scope, sql`s.score > ${score} AND s.score < ${next}`)})`;

/** How many score more than an entry, and how many tie with it but come first (null among the zero scores: see countAhead). */
export type Ahead = { higher: number; tiedBefore: number | null };

/**
 * Where a page starts: how many ranked participants score more than `key`, and how many have its
 * score exactly but an id before it (`through`: or the same id, to count the key's own entry, for
 * a cursor, whose entry may have moved since). For a score of 0 the second is null: the zero
 * scores come last, so a page that starts at one holds only zeros, all ranked after every positive
 * score, and never needs its place among them (counting the zero scores before an id would walk
 * the board).
 */
export async function countAhead(db: Db, scope: BoardScope, key: BoardKey, { through = false } = {}): Promise<Ahead> {
  if (key.score === 0) return { higher: (await scoreCounts(db, scope, 0)).higher, tiedBefore: null };
  const row = await db.get<{ higher: number; tiedBefore: number }>(sql`
    SELECT ${countedAbove(scope, sql`${key.score}`, bucketOf(key.score).next)} AS higher,
      ${countedIn(scope, sql`s.score = ${key.score} AND s.participant_id ${through ? sql`<=` : sql`<`} ${key.id}`)} AS tiedBefore`);
  return { higher: row?.higher ?? 0, tiedBefore: row?.tiedBefore ?? 0 };
}

/**
 * `countAhead` of the `n`-th entry before `key` (a positive score) in board order, found in the
 * same statement, so that a page around a participant can count ahead of its first entry along
 * with its rows. Null where fewer than `n` entries come before the key.
 */
export async function countAheadOfNthBefore(db: Db, scope: BoardScope, key: BoardKey, n: number): Promise<{ higher: number; tiedBefore: number } | null> {
  const row = await db.get<{ higher: number; tiedBefore: number }>(sql`
    WITH k AS (
      SELECT s.score AS score, s.participant_id AS id FROM period_scores s
      WHERE s.program_id = ${scope.programId} AND s.period = ${scope.period} AND s.ranked = 1 ${cohortIs(scope, sql`s.cohort`)}
        AND (s.score > ${key.score} OR (s.score = ${key.score} AND s.participant_id < ${key.id}))
      ORDER BY s.score ASC, s.participant_id DESC LIMIT 1 OFFSET ${n - 1})
    SELECT ${countedAbove(scope, sql`k.score`, nextBucketSql(sql`k.score`))} AS higher,
      ${countedIn(scope, sql`s.score = k.score AND s.participant_id < k.id`)} AS tiedBefore
    FROM k`);
  return row ?? null;
}

/**
 * For a score card: how many ranked participants score more than `score` (its competition rank
 * is one more), and how many score at least `score` (for its percentile; null for a score of 0,
 * which everyone on the board has at least: the caller has the board's size). The buckets above
 * the score's own come from score_counts; only the score's own bucket is counted in the board index.
 */
export async function scoreCounts(db: Db, scope: BoardScope, score: number): Promise<{ higher: number; atLeast: number | null }> {
  if (score === 0) {
    const positive = await db.get<{ n: number }>(sql`SELECT ${countedFrom(scope, 0)} AS n`);
    return { higher: positive?.n ?? 0, atLeast: null };
  }
  // The next bucket's bound from TypeScript: D1 binds a number as a float, whose text
  // ("273456.0") nextBucketSql would cut wrongly.
  return countsOf(db, scope, sql`${score}`, bucketOf(score).next);
}

/**
 * `scoreCounts` of a participant's own score for the period, read in the same statement: the
 * counts need not wait for the score, so a score card reads both in one round trip.
 */
export function participantCounts(db: Db, scope: BoardScope, participantPk: number) {
  return countsOf(db, scope, scoreSql(participantPk, scope.period), nextBucketSql(sql`k.score`));
}

/**
 * Both counts of `score` (an SQL value, `k.score` to `next`) in one statement, `next` being its
 * next bucket's lowest score; for 0 the next bucket is 1 and the equal count is skipped.
 */
async function countsOf(db: Db, scope: BoardScope, score: SQL, next: SQL | number): Promise<{ higher: number; atLeast: number | null }> {
  const row = await db.get<{ higher: number; atLeast: number | null }>(sql`
    SELECT above AS higher, above + equal AS atLeast FROM (
      SELECT ${countedAbove(scope, sql`k.score`, next)} AS above,
        IIF(k.score > 0, ${countedIn(scope, sql`s.score = k.score`)}, NULL) AS equal
      FROM (SELECT ${score} AS score) k)`);
  return { higher: row?.higher ?? 0, atLeast: row?.atLeast ?? null };
}

const scoreSql = (participantPk: number, period: string) =>
  sql`COALESCE((SELECT score FROM period_scores WHERE participant_pk = ${participantPk} AND period = ${period}), 0)`;

/** The score of one participant for the period (0 without a row). */
export async function scoreOf(db: Db, participantPk: number, period: string): Promise<number> {
  const row = await db.get<{ score: number }>(sql`SELECT ${scoreSql(participantPk, period)} AS score`);
  return row?.score ?? 0;
}

/** Sum of scores (kept in team_scores) and number of ranked participants (kept in ranked_counts) per team: own members only, not the subtree. */
export async function teamTotals(db: Db, scope: BoardScope) {
  const [sums, counts] = await Promise.all([
    db.all<{ team: string; sum: number }>(sql`
      SELECT team_key AS team, score AS sum FROM team_scores
      WHERE program_id = ${scope.programId} AND period = ${scope.period} AND board = ${scope.cohort ?? ""}`),
    db.all<{ team: string; count: number }>(sql`
      SELECT team_key AS team, SUM(n) AS count FROM ranked_counts
      WHERE program_id = ${scope.programId} ${cohortIs(scope, sql`cohort`)} AND team_key <> ''
      GROUP BY team_key HAVING SUM(n) > 0`),
  ]);
  const sumOf = new Map(sums.map((r) => [r.team, r.sum]));
  return new Map(counts.map((r) => [r.team, { sum: sumOf.get(r.team) ?? 0, count: r.count }]));
}

/** A participant's row on the board, or null where they are not on it (not ranked, or of another cohort). */
export async function rankedRow(db: Db, scope: BoardScope, id: string): Promise<BoardRow | null> {
  const row = await db.get<BoardRow>(sql`
    SELECT p.pk AS pk, p.id AS id, COALESCE(s.score, 0) AS score, p.display_name AS displayName, p.team_key AS team
    FROM participants p LEFT JOIN period_scores s ON s.participant_pk = p.pk AND s.period = ${scope.period}
    WHERE p.program_id = ${scope.programId} AND p.id = ${id} AND p.ranked = 1 ${cohortIs(scope, sql`p.cohort`)}`);
  return row ?? null;
}
