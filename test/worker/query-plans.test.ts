/**
 * Reads come from the rollups kept at ingest time, through indexes: EXPLAIN QUERY PLAN of the hot
 * reads (board pages, rank counts, score lookups, team totals, score-card figures) must not hold a
 * full SCAN of a table (a SEARCH through an index, covering or not, is what we want), and no read
 * request may touch the raw events at all.
 */
import { env } from "cloudflare:workers";
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import type { Db } from "../../worker/context";
import * as boards from "../../worker/db/boards";
import * as reports from "../../worker/db/reports";
import * as scores from "../../worker/db/scores";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { programId, scoreWaiting } from "./checks";
import { type Program, post, query } from "./reads";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const call = apiAt(() => NOW);
const dialect = new SQLiteSyncDialect();

interface Statement {
  name: string;
  sql: string;
  params: unknown[];
}

/** A stand-in for the drizzle database that records the SQL a function of boards.ts or scores.ts runs, and finds nothing. */
function recorder(name: string, into: Statement[]): Db {
  const record = (q: SQL) => into.push({ name, ...dialect.sqlToQuery(q) });
  return {
    all: async (q: SQL) => (record(q), []),
    get: async (q: SQL) => (record(q), undefined),
  } as unknown as Db;
}

/** env.DB, recording every statement prepared through it (with its parameters) into `seen`. */
function recordingD1(seen: Statement[], name: string): D1Database {
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (text: string) => {
          const entry: Statement = { name, sql: text, params: [] };
          seen.push(entry);
          const statement = target.prepare(text);
          const bind = statement.bind.bind(statement);
          statement.bind = (...params: unknown[]) => {
            entry.params = params;
            return bind(...params);
          };
          return statement;
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The tables of the schema. */
async function tableNames(): Promise<Set<string>> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
  return new Set(results.map((r) => r.name));
}

/** What each name a statement reads from stands for: aliases (`period_scores s`) and tables themselves. */
function sources(sql: string, tables: Set<string>): Map<string, string> {
  const names = new Map<string, string>();
  const pattern = /\b(?:FROM|JOIN)\s+["`]?(\w+)["`]?(?:\s+(?:AS\s+)?["`]?(\w+)["`]?)?/gi;
  for (const m of sql.matchAll(pattern)) {
    if (!tables.has(m[1])) continue;
    names.set(m[1], m[1]);
    if (m[2] && !/^(ON|WHERE|JOIN|LEFT|INNER|CROSS|GROUP|ORDER|LIMIT|USING)$/i.test(m[2])) names.set(m[2], m[1]);
  }
  return names;
}

interface PlanStep {
  detail: string;
}

async function planOf(s: Statement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.params).all<PlanStep>();
  return results.map((r) => r.detail);
}

/**
 * Tables read whole by design: a batch's own scratch rows, and the short queue of events waiting
 * to be scored (db/scoring.ts).
 */
const SCRATCH = new Set(["ingest_staging", "rollup_deltas", "score_deltas", "unscored_events"]);

/** The plan steps that scan a whole stored table (or a whole index of it) instead of searching it. */
function tableScans(plan: string[], sql: string, tables: Set<string>): string[] {
  const names = sources(sql, tables);
  return plan.filter((step) => {
    const m = /^SCAN (\w+)/.exec(step);
    return m !== null && names.has(m[1]) && !SCRATCH.has(names.get(m[1])!);
  });
}

describe("query plans of the hot reads", () => {
  let tables: Set<string>;
  let p: Program;
  let pid: number;

  beforeAll(async () => {
    tables = await tableNames();
    // Some data, so that the plans are those of a live program (SQLite plans without statistics either way).
    p = await newProgram(
      basicDocument({ targets: [{ key: "t", subject: { participant: "p1" }, metric: "tweet", period: "week", value: 5 }, { key: "s", subject: { participant: "p1" }, metric: null, period: "month", value: 5 }] }),
      call,
    );
    pid = await programId(p.program);
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`);
    await addParticipants(p, ids.map((id, i) => ({ id, team: i % 2 ? "uk" : "emea", cohort: i % 3 ? "London" : null })), undefined, call);
    await post(call, p, ids.slice(0, 6).map((participant, i) => ({ participant, metric: "call-prep", occurredAt: "2026-11-24T10:00:00Z", value: i + 1 })));
    await scoreWaiting();
  });

  it("finds a full scan where there is one (the check itself can fail)", async () => {
    const bad = { name: "bad", sql: "SELECT participant_pk FROM period_scores s WHERE s.score > ?", params: [0] };
    expect(tableScans(await planOf(bad), bad.sql, tables)).toEqual(["SCAN s USING COVERING INDEX period_scores_board"]);
    const alsoBad = { name: "bad", sql: 'select "id" from "participants" where "display_name" = ?', params: ["x"] };
    expect(tableScans(await planOf(alsoBad), alsoBad.sql, tables).length).toBe(1);
  });

  it("searches indexes for board pages, rank counts, score lookups, team totals and score-card figures", async () => {
    const statements: Statement[] = [];
    const week = { kind: "week" as const, label: "2026-W48", firstDay: "2026-11-23", endDay: "2026-11-30" };
    const all = { kind: "all" as const, label: "all", firstDay: null, endDay: null };
    for (const cohort of [null, "London"]) {
      const scope = { programId: pid, period: "2026-W48", cohort };
      const at = (name: string) => recorder(`${name} (cohort ${cohort})`, statements);
      await boards.entriesAfter(at("top-N board page"), scope, null, 101);
      await boards.entriesAfter(at("board page after a positive score"), scope, { score: 50_000, id: "p3" }, 101);
      await boards.entriesAfter(at("board page among zero scores"), scope, { score: 0, id: "p7" }, 101);
      await boards.entriesBefore(at("entries before (around), positive"), scope, { score: 50_000, id: "p3" }, 50);
      await boards.entriesBefore(at("entries before (around), zero"), scope, { score: 0, id: "p7" }, 50);
      await boards.boardSize(at("board size"), scope);
      await boards.countAhead(at("rank count, positive score"), scope, { score: 50_000, id: "p3" });
      await boards.countAhead(at("rank count, zero score"), scope, { score: 0, id: "p7" });
      await boards.countAheadOfNthBefore(at("rank count half a page before"), scope, { score: 50_000, id: "p3" }, 49);
      await boards.scoreCounts(at("score card counts, positive score"), scope, 50_000);
      await boards.scoreCounts(at("score card counts, zero score"), scope, 0);
      await boards.participantCounts(at("score card counts of a participant's own score"), scope, 1);
      await boards.teamTotals(at("team totals"), scope);
      await boards.rankedRow(at("a participant's board row"), scope, "p3");
    }
    const at = (name: string) => recorder(name, statements);
    await boards.scoreOf(at("score lookup"), 1, "2026-W48");
    await scores.metricFigures(at("figures by metric"), pid, 1, week);
    await scores.metricFigures(at("figures by metric, all time"), pid, 1, all);
    await scores.cappedUnitsOf(at("target actual"), 1, "tweet", week);
    await scores.countingDaysOf(at("streak days"), 1);
    await reports.powerEntries(at("Power 100 entries"), pid, "2026-W48", "2026-W47");
    expect(statements.length).toBeGreaterThanOrEqual(31);

    const problems: string[] = [];
    for (const s of statements) {
      const plan = await planOf(s);
      expect(plan.length, s.name).toBeGreaterThan(0);
      for (const step of tableScans(plan, s.sql, tables)) problems.push(`${s.name}: ${step}\n  ${plan.join("\n  ")}`);
      // Pages come off the board index already in board order: no sort of the whole board.
      if (/board page|entries before/.test(s.name) && plan.some((step) => /TEMP B-TREE FOR ORDER BY/.test(step))) {
        problems.push(`${s.name}: sorts instead of reading an index in order\n  ${plan.join("\n  ")}`);
      }
      expect(s.sql, s.name).not.toMatch(/\bevents\b/);
    }
    expect(problems).toEqual([]);
  });

  it("reads the top-N page, cohort pages and rank counts through the one board index, team totals and board sizes from their kept counts", async () => {
    const plans = async (fn: (db: Db) => Promise<unknown>) => {
      const statements: Statement[] = [];
      await fn(recorder("x", statements));
      return (await Promise.all(statements.map(planOf))).flat();
    };
    const scope = { programId: pid, period: "2026-W48", cohort: null };
    expect((await plans((db) => boards.entriesAfter(db, scope, null, 101))).join("\n")).toMatch(/SEARCH s USING COVERING INDEX period_scores_board \(program_id=\? AND period=\? AND ranked=\?/);
    expect((await plans((db) => boards.entriesAfter(db, { ...scope, cohort: "London" }, null, 101))).join("\n")).toMatch(/SEARCH s USING COVERING INDEX period_scores_board \(program_id=\? AND period=\? AND ranked=\?/);
    expect((await plans((db) => boards.countAhead(db, scope, { score: 1, id: "p1" }))).join("\n")).toMatch(/SEARCH s USING COVERING INDEX period_scores_board/);
    // A page among the zero scores (a deep page near the bottom) needs only how many score more: kept counts, not the board.
    const zeroPage = (await plans((db) => boards.countAhead(db, scope, { score: 0, id: "p7" }))).join("\n");
    expect(zeroPage).toMatch(/SEARCH score_counts/);
    expect(zeroPage).not.toMatch(/period_scores|participants|\bs\b USING|\bp\b USING/);
    // A rank: the buckets above the score's own from their kept counts, then only its own bucket along the board index.
    const rank = (await plans((db) => boards.scoreCounts(db, scope, 273_456))).join("\n");
    expect(rank).toMatch(/SEARCH score_counts USING INDEX sqlite_autoindex_score_counts_1 \(program_id=\? AND period=\? AND board=\? AND bucket>\?\)/);
    expect(rank).toMatch(/SEARCH s USING COVERING INDEX period_scores_board \(program_id=\? AND period=\? AND ranked=\? AND score>\? AND score<\?\)/);
    // A score card's counts read the participant's score in the same statement, and count the same way.
    const own = (await plans((db) => boards.participantCounts(db, scope, 1))).join("\n");
    expect(own).toMatch(/SEARCH period_scores USING PRIMARY KEY \(participant_pk=\? AND period=\?\)/);
    expect(own).toMatch(/SEARCH score_counts USING INDEX sqlite_autoindex_score_counts_1 \(program_id=\? AND period=\? AND board=\? AND bucket>\?\)/);
    expect(own).toMatch(/SEARCH s USING COVERING INDEX period_scores_board \(program_id=\? AND period=\? AND ranked=\? AND score>\? AND score<\?\)/);
    expect((await plans((db) => boards.boardSize(db, scope))).join("\n")).toMatch(/SEARCH ranked_counts USING INDEX sqlite_autoindex_ranked_counts_1 \(program_id=\?\)/);
    expect((await plans((db) => boards.teamTotals(db, scope))).join("\n")).toMatch(/SEARCH team_scores USING INDEX sqlite_autoindex_team_scores_1 \(program_id=\? AND period=\? AND board=\?\)/);
    expect((await plans((db) => boards.scoreOf(db, 1, "2026-W48"))).join("\n")).toMatch(/SEARCH period_scores USING PRIMARY KEY \(participant_pk=\? AND period=\?\)/);
    // The Power 100 reads the top of the week's board, down to its 100th score, not the whole board.
    const power = (await plans((db) => reports.powerEntries(db, pid, "2026-W48", "2026-W47"))).join("\n");
    expect(power).toMatch(/SEARCH s USING COVERING INDEX period_scores_board \(program_id=\? AND period=\? AND ranked=\? AND score>\?\)/);
    expect(power).toMatch(/SEARCH prev USING PRIMARY KEY \(participant_pk=\? AND period=\?\)/);
  });

  it("runs no table scan and never reads raw events in any read request", async () => {
    const seen: Statement[] = [];
    const recording = recordingD1(seen, "");
    const app = createApp({ now: () => NOW });
    const get = async (path: string) => {
      const before = seen.length;
      const res = await app.fetch(new Request(`http://leadboard.test${p.base}${path}`, { headers: { Authorization: `Bearer ${p.adminKey}` } }), { ...env, DB: recording });
      expect(res.status, path).toBe(200);
      for (const s of seen.slice(before)) s.name = path;
      return (await res.json()) as { nextCursor: string | null };
    };

    const first = await get(`/leaderboard${query({ limit: 4 })}`);
    const second = await get(`/leaderboard${query({ limit: 4, cursor: first.nextCursor! })}`); // crosses into zero scores
    await get(`/leaderboard${query({ limit: 4, cursor: second.nextCursor! })}`); // zero scores only
    await get(`/leaderboard${query({ cohort: "London", limit: 2 })}`);
    await get(`/leaderboard${query({ around: "p2", limit: 3 })}`);
    await get(`/leaderboard${query({ around: "p9", limit: 3 })}`);
    await get(`/leaderboard${query({ around: "p8", limit: 3, cohort: "London", period: "month" })}`);
    await get(`/leaderboard${query({ scope: "team" })}`);
    await get(`/leaderboard${query({ scope: "team", cohort: "London", around: "uk", limit: 1 })}`);
    await get(`/participants/p1/score`);
    await get(`/participants/p1/score${query({ period: "all" })}`);
    await get(`/participants/p9/score${query({ period: "day", at: "2026-11-24" })}`);
    expect(seen.length).toBeGreaterThan(30);

    const problems: string[] = [];
    for (const s of seen) {
      expect(s.sql, s.name).not.toMatch(/\bevents\b/);
      const plan = await planOf(s);
      for (const step of tableScans(plan, s.sql, tables)) problems.push(`${s.name}: ${step}\n  ${s.sql}\n  ${plan.join("\n  ")}`);
    }
    expect(problems).toEqual([]);
  });

  it("erases a participant by key lookups: their events through the days of their rollups, no scan of the program's events", async () => {
    await addParticipants(p, [{ id: "leaver", team: "uk", cohort: "London" }], undefined, call);
    await post(call, p, [
      { participant: "leaver", metric: "call-prep", occurredAt: "2026-11-23T10:00:00Z", value: 1 },
      { participant: "leaver", metric: "tweet", occurredAt: "2026-11-25T10:00:00Z" },
    ]);
    const seen: Statement[] = [];
    const app = createApp({ now: () => NOW });
    const res = await app.fetch(new Request(`http://leadboard.test${p.base}/participants/leaver`, { method: "DELETE", headers: { Authorization: `Bearer ${p.adminKey}` } }), {
      ...env,
      DB: recordingD1(seen, "erase"),
    });
    expect(res.status).toBe(204);
    const eventDelete = seen.find((s) => /DELETE FROM events/i.test(s.sql));
    expect((await planOf(eventDelete!)).join("\n")).toMatch(/SEARCH events USING (COVERING )?INDEX events_day_participant \(program_id=\? AND day=\? AND participant_pk=\?\)/);
    const problems: string[] = [];
    for (const s of seen) for (const step of tableScans(await planOf(s), s.sql, tables)) problems.push(`${step}\n  ${s.sql}`);
    expect(problems).toEqual([]);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE program_id = ?").bind(pid).first<{ n: number }>();
    expect(left!.n).toBe(6); // the others' events stay
  });

  it("ingests and scores without scanning stored events, rollups, scores or participants (only the batch's own scratch rows and the queue)", async () => {
    const seen: Statement[] = [];
    const recording = recordingD1(seen, "ingest");
    const app = createApp({ now: () => NOW });
    const events = Array.from({ length: 20 }, (_, i) => ({
      id: `plan-${i}`,
      participant: `p${i % 12}`,
      metric: i % 2 ? "tweet" : "call-prep",
      occurredAt: "2026-11-25T10:00:00Z",
      ...(i % 2 ? {} : { value: 2 }),
    }));
    const res = await app.fetch(
      new Request(`http://leadboard.test${p.base}/events`, {
        method: "POST",
        headers: { Authorization: `Bearer ${p.adminKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({ events }),
      }),
      { ...env, DB: recording },
    );
    expect(await res.json()).toMatchObject({ accepted: 20 });
    // The next read scores the batch first: its writes are checked here too (its reads above).
    const board = await app.fetch(new Request(`http://leadboard.test${p.base}/leaderboard`, { headers: { Authorization: `Bearer ${p.adminKey}` } }), {
      ...env,
      DB: recordingD1(seen, "read"),
    });
    expect(board.status).toBe(200);
    const scoring = seen.filter((s) => s.name === "read" && /\b(INSERT INTO|UPDATE|DELETE FROM)\b/i.test(s.sql));
    expect(scoring.some((s) => /INSERT INTO period_scores/.test(s.sql))).toBe(true);
    // Each stored table is reached by exact key lookups: no scan, and no range search that grows with history.
    const problems: string[] = [];
    for (const s of [...seen.filter((s) => s.name === "ingest"), ...scoring]) {
      const names = sources(s.sql, tables);
      for (const m of s.sql.matchAll(/\bUPDATE\s+["`]?(\w+)["`]?\s+AS\s+(\w+)/gi)) names.set(m[2], m[1]);
      const plan = await planOf(s);
      for (const step of plan) {
        const m = /^(SCAN|SEARCH) (\w+)/.exec(step);
        const table = m && names.get(m[2]);
        if (!table || SCRATCH.has(table)) continue;
        if (m![1] === "SCAN" || /[<>]/.test(step)) problems.push(`${step}\n  ${s.sql}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
