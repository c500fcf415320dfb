/**
 * What `npm start` keeps between starts, in .leadboard/local.json (git-ignored): the generated
 * operator key and the demo's keys. Only hashes of keys live in the database, so this file is
 * the one place a local user finds them again.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const DIR = ".leadboard";
const FILE = `${DIR}/local.json`;

export interface LocalState {
  operatorKey?: string;
  demo?: { adminKey: string; ingestKey: string; sellerId: string; sellerToken: string; manager?: { email: string; password: string } };
  /** A hash of migrations/ when the local D1 was made, to notice a regenerated migration. */
  migrations?: string;
}

export function readState(): LocalState {
  return existsSync(FILE) ? (JSON.parse(readFileSync(FILE, "utf8")) as LocalState) : {};
}

export function writeState(state: LocalState): void {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export const generateOperatorKey = () => `lbo_${randomBytes(32).toString("base64url")}`;
