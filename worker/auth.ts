/**
 * Who is calling, and what they may do (SPEC §4's credential table). Another organisation's
 * program answers 404, as if it did not exist; a credential of the right organisation without the
 * right answers 403; no credential where one is needed, or an unknown or revoked one, 401.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";
import { SESSION_TAG, sessionOf } from "./db/managers";
import { liveCredential } from "./db/credentials";
import { forbidden, notFound, unauthorized } from "./errors";
import type { Principal } from "./principal";
import type { ParticipantReader } from "./published";
import { constantTimeEqual, hashSecret, isIssued, prefixOf } from "./secrets";

export type { Principal } from "./principal";

/** The program a route acts on, as far as access decisions need it. */
export interface ProgramRef {
  id: number;
  orgId: number;
  visibility: "private" | "public";
}

/** Reads `Authorization: Bearer <secret>` into `c.var.principal`; a secret that is not valid is refused. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  if (header === undefined) {
    c.set("principal", { kind: "anonymous" });
    return next();
  }
  const secret = bearerSecret(header);
  if (secret === undefined) throw unauthorized("the Authorization header must be: Bearer <secret>");
  if (secret.startsWith(SESSION_TAG)) {
    // A manager's console session: an admin of the manager's organisation until it expires.
    const session = await sessionOf(c.var.db, secret, c.var.now);
    if (!session) throw unauthorized("this session has expired or was signed out; sign in again");
    c.set("principal", { kind: "admin", orgId: session.orgId, managerId: session.managerId });
    return next();
  }
  const hash = await hashSecret(secret);
  c.set("secretHash", hash);
  c.set("principal", await principalOf(c.var.db, secret, hash, c.var.now, c.env.OPERATOR_KEY));
  return next();
});

/** The operator key's hash, made once per isolate (the key is a setting: it changes with a new deploy). */
async function operatorKeyHash(key: string): Promise<string> {
  // The settled hash only: a promise made in one request is not awaited in another.
  if (operatorHash?.key !== key) operatorHash = { key, hash: await hashSecret(key) };
  return operatorHash.hash;
}
let operatorHash: { key: string; hash: string } | null = null;

/** The secret of an `Authorization: Bearer <secret>` header; undefined for none, or another form. */
export function bearerSecret(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

async function principalOf(db: AppEnv["Variables"]["db"], secret: string, hash: string, now: number, operatorKey?: string): Promise<Principal> {
  if (operatorKey && constantTimeEqual(hash, await operatorKeyHash(operatorKey))) return { kind: "operator" };
  const row = isIssued(secret) ? await liveCredential(db, prefixOf(secret), now) : undefined;
  if (!row || !constantTimeEqual(row.secretHash, hash)) throw unauthorized("this credential is not valid");
  switch (row.role) {
    case "admin":
      return { kind: "admin", orgId: row.orgId };
    case "ingest":
      return { kind: "ingest", orgId: row.orgId, programId: row.programId! };
    case "participant":
      return { kind: "participant", orgId: row.orgId, programId: row.programId!, participantPk: row.participantPk! };
  }
}

/** Only the operator may go on. */
export function requireOperator(p: Principal): void {
  if (p.kind === "anonymous") throw unauthorized();
  if (p.kind !== "operator") throw forbidden("only the operator key may do this");
}

/** The caller's organisation, for a credential that belongs to one. */
const orgOf = (p: Principal): number | null => (p.kind === "admin" || p.kind === "ingest" || p.kind === "participant" ? p.orgId : null);

/** Refuses a caller of another organisation as if the program did not exist. */
function hideFromOtherOrgs(p: Principal, program: ProgramRef): void {
  const org = orgOf(p);
  if (org !== null && org !== program.orgId) throw notFound("program");
}

/** An admin of the program's organisation. */
export function requireAdmin(p: Principal, program: ProgramRef): void {
  if (p.kind === "anonymous") throw unauthorized();
  hideFromOtherOrgs(p, program);
  if (p.kind !== "admin") throw forbidden("only an admin key of this organisation may do this");
}

/** An admin, or an ingest key of this program. */
export function requireIngest(p: Principal, program: ProgramRef): void {
  if (p.kind === "anonymous") throw unauthorized();
  hideFromOtherOrgs(p, program);
  if (p.kind === "admin" || (p.kind === "ingest" && p.programId === program.id)) return;
  throw forbidden("only an admin key or this program's ingest key may post events");
}

/** Boards and reports: anyone for a public program; else an admin or a token of this program. */
export function requireReader(p: Principal, program: ProgramRef): void {
  // A public program is public to every caller, another organisation's included.
  if (program.visibility === "public") return;
  hideFromOtherOrgs(p, program);
  if (p.kind === "admin") return;
  if (p.kind === "participant" && p.programId === program.id) return;
  if (p.kind === "anonymous") throw unauthorized();
  throw forbidden("this credential may not read this program");
}

/** One participant's own things: an admin, or that participant's token. */
export function requireSelf(p: Principal, program: ProgramRef, participantPk: number | null): void {
  hideFromOtherOrgs(p, program);
  if (p.kind === "admin") return;
  if (p.kind === "participant" && p.programId === program.id && p.participantPk === participantPk) return;
  if (p.kind === "anonymous") throw unauthorized();
  throw forbidden("only an admin or this participant's token may do this");
}

/**
 * Who may read one participant's things (score card, history, digest), decided from the credential
 * before the engine finds the participant (one call, not two): an admin of the organisation sees
 * everyone; a participant's token its own; for a public program anyone also sees the participants
 * ranked now (SPEC §4, "Who is published"). A private program's other callers are refused here.
 */
export function participantReader(p: Principal, program: ProgramRef): ParticipantReader {
  if (p.kind === "admin" && p.orgId === program.orgId) return { everyone: true, ownPk: null, rankedOthers: true };
  const ownPk = p.kind === "participant" && p.programId === program.id ? p.participantPk : null;
  if (program.visibility === "public") return { everyone: false, ownPk, rankedOthers: true };
  // Answers 404 to another organisation, 401 to no credential, 403 to the rest.
  if (ownPk === null) requireSelf(p, program, null);
  return { everyone: false, ownPk, rankedOthers: false };
}
