/**
 * What `npm start` (and `npm run dev`) keep between starts, in .leadboard/local.json (git-ignored):
 * the generated operator key and the demo's keys. Only hashes of keys live in the database, so this
 * file is the one place a local user finds them again.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./bundle.ts";

const DIR = ".leadboard";
const FILE = `${DIR}/local.json`;
/** The local data of npm start and npm run dev: wrangler's default --persist-to. */
export const STATE_DIR = path.join(ROOT, ".wrangler", "state");

export interface LocalState {
  operatorKey?: string;
  demo?: { adminKey: string; ingestKey: string; sellerId: string; sellerToken: string; manager?: { email: string; password: string } };
  /** A hash of the migrations (D1's and the engine's) when the local data was made, to notice a regenerated one. */
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

/** OPERATOR_KEY if set, else the one kept from the last start, else a new one, kept. */
export function operatorKey(): string {
  const state = readState();
  const key = process.env.OPERATOR_KEY ?? state.operatorKey ?? generateOperatorKey();
  if (!process.env.OPERATOR_KEY && !state.operatorKey) writeState({ ...state, operatorKey: key });
  return key;
}

/**
 * Pre-release, a schema may be one regenerated migration: local data made from older migrations
 * is set aside (not deleted: .wrangler/state/v3/d1.before-… and do.before-…) and the demo seeded
 * afresh. D1 and the engines go together: a fresh D1 numbers programs from 1 again, and an engine
 * is named by its program's number.
 */
export function setAsideOutdatedState(): void {
  const sql = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".sql"))
          .sort()
          .map((f) => readFileSync(path.join(dir, f), "utf8"))
      : [];
  const hash = createHash("sha256")
    .update([...sql(path.join(ROOT, "migrations")), ...sql(path.join(ROOT, "migrations", "engine"))].join("\n"))
    .digest("hex")
    .slice(0, 16);
  if (readState().migrations === hash) return;
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const kept: string[] = [];
  for (const kind of ["d1", "do"]) {
    const dir = path.join(STATE_DIR, "v3", kind);
    if (!existsSync(dir)) continue;
    renameSync(dir, `${dir}.before-${stamp}`);
    kept.push(path.relative(ROOT, `${dir}.before-${stamp}`));
  }
  if (kept.length) console.log(`The migrations changed since the last start: the old local data is kept in ${kept.join(" and ")}.`);
  const { demo: _old, ...rest } = readState();
  writeState({ ...rest, migrations: hash });
}
