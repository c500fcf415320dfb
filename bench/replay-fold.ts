/**
 * `npx tsx bench/replay-fold.ts <database.sqlite> [--folds N] [--size N] [--cache-kib N]`
 *
 * Where a scoring fold's time goes: replays the fold's statements (worker/db/scoring.ts), one by
 * one and timed, on a copy of a bench database (`npm run bench -- --keep-tmp` keeps the run's work
 * directory; the local D1's file is under `state/v3/d1/`). Each fold queues again the `--size`
 * events stored before the last fold's, so it touches the participants and days a real fold of the
 * load's end would; their points are counted twice, which changes what is written, not how much.
 * Node's SQLite, in WAL mode with full syncs and a page cache of --cache-kib (SQLite's default, as
 * under D1), commits each fold and then checkpoints it, as local D1 does past 1,000 pages.
 * Runs under tsx, because the worker's imports name no file extensions.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { labelsOfDay } from "../scoring/periods";
import { scoreUnscoredEvents } from "../worker/db/scoring";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    folds: { type: "string", default: "3" },
    size: { type: "string", default: "20000" },
    "cache-kib": { type: "string", default: "2000" },
  },
});
if (positionals.length !== 1) {
  console.error("usage: npx tsx bench/replay-fold.ts <database.sqlite> [--folds N] [--size N] [--cache-kib N]");
  process.exit(2);
}
const [folds, size] = [Number(args.folds), Number(args.size)];
const PAGE = 4096;

const dir = mkdtempSync(join(os.tmpdir(), "leadboard-replay-"));
const path = join(dir, "copy.sqlite");
copyFileSync(positionals[0], path);
if (existsSync(`${positionals[0]}-wal`)) copyFileSync(`${positionals[0]}-wal`, `${path}-wal`);
try {
  replay(new DatabaseSync(path));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function replay(db: DatabaseSync) {
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -${args["cache-kib"]}; PRAGMA wal_checkpoint(TRUNCATE)`);
  const dialect = new SQLiteSyncDialect();
  const statements = scoreUnscoredEvents().map((s) => dialect.sqlToQuery(s));
  const last = count(db, "SELECT max(rowid) AS n FROM events");
  const times = new Map<string, number[]>();
  const record = (name: string, value: number) => (times.get(name) ?? times.set(name, []).get(name)!).push(value);
  const timed = (name: string, run: () => void) => {
    const t = performance.now();
    run();
    record(name, performance.now() - t);
  };

  for (let f = 0; f < folds; f++) {
    const from = last - (f + 1) * size;
    queue(db, from, from + size);
    record("participants", count(db, "SELECT count(DISTINCT participant_pk) AS n FROM unscored_events"));
    db.exec("PRAGMA wal_autocheckpoint = 0");
    const start = performance.now();
    db.exec("BEGIN");
    statements.forEach((q, i) => {
      const name = `${String(i).padStart(2)} ${q.sql.replace(/\s+/g, " ").trim().slice(0, 60)}`;
      if (q.sql.startsWith("DELETE FROM score_deltas")) record("score changes", count(db, "SELECT count(*) AS n FROM score_deltas"));
      timed(name, () => db.prepare(q.sql).run(...(q.params as never[])));
    });
    timed("commit", () => db.exec("COMMIT"));
    record("pages written", (statSync(`${path}-wal`).size - 32) / (PAGE + 24));
    timed("checkpoint", () => db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    record("fold, all told", performance.now() - start);
    db.exec("PRAGMA wal_autocheckpoint = 1000");
  }
  console.log(`${folds} folds of ${size.toLocaleString("en")} events; ms unless named`);
  for (const [name, values] of times) console.log(name.padEnd(66), values.map((v) => v.toFixed(0).padStart(7)).join(""));
}

function count(db: DatabaseSync, query: string): number {
  return (db.prepare(query).get() as { n: number }).n;
}

/** Queues the stored events with rowids in (from, to] for scoring again, as ingestion queues them. */
function queue(db: DatabaseSync, from: number, to: number) {
  const days = db.prepare("SELECT DISTINCT day FROM events WHERE rowid > ? AND rowid <= ?").all(from, to) as { day: string }[];
  const labels = JSON.stringify(
    days.map(({ day }) => {
      const { week, month, quarter } = labelsOfDay(day);
      return [day, week, month, quarter];
    }),
  );
  db.prepare(
    `INSERT INTO unscored_events (program_id, participant_pk, metric_id, day, week, month, quarter, value_h)
     SELECT e.program_id, e.participant_pk, e.metric_id, e.day, l.value->>1, l.value->>2, l.value->>3, e.value_h
     FROM events e JOIN json_each(?) l ON l.value->>0 = e.day WHERE e.rowid > ? AND e.rowid <= ?`,
  ).run(labels, from, to);
}
