import { getTableColumns, is, SQL, type Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../context";
import { utf8Length } from "../utf8";
import * as schema from "./schema";

/** One drizzle instance per D1 binding: building one with the schema took about 5% of a read's CPU. */
const databases = new WeakMap<D1Database, Db>();

export function database(d1: D1Database): Db {
  let db = databases.get(d1);
  if (!db) databases.set(d1, (db = drizzle(d1, { schema })));
  return db;
}

/** A JSON parameter: D1 binds at most 100 parameters a statement, so lists travel as one JSON text read by json_each. */
export const json = (value: unknown): string => JSON.stringify(value);

/** D1 holds a string, a bound parameter too, to at most 1,000,000 bytes; a JSON list is cut below that. */
const MAX_JSON_BYTES = 900_000;

/** A long list as JSON lists of at most MAX_JSON_BYTES each, for a statement to run once per part. */
export function jsonParts(values: unknown[]): string[] {
  const parts: string[][] = [[]];
  let bytes = 2;
  for (const value of values) {
    const item = JSON.stringify(value);
    const itemBytes = utf8Length(item) + 1;
    if (parts.at(-1)!.length > 0 && bytes + itemBytes > MAX_JSON_BYTES) {
      parts.push([]);
      bytes = 2;
    }
    parts.at(-1)!.push(item);
    bytes += itemBytes;
  }
  return parts.map((items) => `[${items.join(",")}]`);
}

/**
 * A raw row (`SELECT *` read through `db.get` or `db.all`) as a query builder would answer it: the
 * schema's property names and types (booleans, not 0 and 1). Raw reads join the request's batched
 * reads (see `batchingReads`); builders do not.
 */
export function rowOf<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const value = raw[column.name];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as T["$inferSelect"];
}

/** A raw SQL fragment, or a drizzle query builder. */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteSyncDialect();

/**
 * Runs the statements as one D1 batch: atomic, in order, all or nothing. Answers each statement's
 * rows. (drizzle's own `db.batch` cannot carry raw SQL with parameters, so this builds the D1
 * statements itself.)
 */
export async function batch(db: Db, statements: Statement[]): Promise<Record<string, unknown>[][]> {
  const d1 = db.$client;
  const prepared = statements.map((s) => {
    const query = is(s, SQL) ? dialect.sqlToQuery(s) : s.toSQL();
    return d1.prepare(query.sql).bind(...query.params);
  });
  const results = await d1.batch<Record<string, unknown>>(prepared);
  return results.map((r) => r.results ?? []);
}

interface PendingRead {
  query: SQL;
  one: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What must hold before reads: `stale` answers one row `{ stale: 0 | 1 }`; `refresh` makes it hold. */
export interface BeforeReads {
  stale: SQL;
  refresh: () => SQL[];
}

/**
 * The database, with raw reads (`db.all(sql)`, `db.get(sql)`) started in the same tick sent to D1
 * as one batch. A request's independent reads (a board's page, size and rank counts; a score
 * card's figures) then cost one round trip instead of one each, and read one consistent state.
 * With `before`, each batch first checks it; where it is stale, the reads run again in one batch
 * behind its refresh.
 */
export function batchingReads(db: Db, before?: BeforeReads): Db {
  let pending: PendingRead[] = [];
  const run = async (queries: SQL[]) => {
    if (!before) return batch(db, queries);
    const checked = await batch(db, [before.stale, ...queries]);
    if (!checked[0][0]?.stale) return checked.slice(1);
    const refresh = before.refresh();
    return (await batch(db, [...refresh, ...queries])).slice(refresh.length);
  };
  const flush = async () => {
    const reads = pending;
    pending = [];
    try {
      const results = await run(reads.map((r) => r.query));
      reads.forEach((r, i) => r.resolve(r.one ? results[i][0] : results[i]));
    } catch (error) {
      for (const r of reads) r.reject(error);
    }
  };
  const read = (one: boolean) => (query: SQL) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ query, one, resolve, reject });
    });
  const all = read(false);
  const get = read(true);
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "all") return all;
      if (prop === "get") return get;
      return Reflect.get(target, prop, receiver);
    },
  });
}
