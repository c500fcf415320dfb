import { is, SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { utf8Length } from "../utf8";
import * as schema from "./schema";

/** The D1 database through drizzle, with the raw binding for batches (batch below). */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

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
