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
import { constantTimeEqual, hashSecret, isIssued, prefixOf } from "./secrets";

export type Principal =
  | { kind: "anonymous" }
  | { kind: "operator" }
  | { kind: "admin"; orgId: number; /** Set where a manager's console session acts as the admin. */ managerId?: number }
  | { kind: "ingest"; orgId: number; programId: number }
  | { kind: "participant"; orgId: number; programId: number; participantPk: number };

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
  c.set("principal", await principalOf(c.var.db, secret, c.var.now, c.env.OPERATOR_KEY));
  return next();
});

/** The secret of an `Authorization: Bearer <secret>` header; undefined for none, or another form. */
export function bearerSecret(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

async function principalOf(db: AppEnv["Variables"]["db"], secret: string, now: number, operatorKey?: string): Promise<Principal> {
  const hash = await hashSecret(secret);
  if (operatorKey && constantTimeEqual(hash, await hashSecret(operatorKey))) return { kind: "operator" };
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
const orgOf = (p: Principal): number | null =>
  p.kind === "admin" || p.kind === "ingest" || p.kind === "participant" ? p.orgId : null;

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
 * One participant's reads (score card, history, digest): an admin or their own token always;
 * anyone else only for a public program and only while the participant is ranked (SPEC §4, "Who
 * is published"): otherwise 404, as for an id that does not exist. A missing participant is 404.
 */
export function requirePublished(p: Principal, program: ProgramRef, participant: { pk: number; ranked: boolean } | null): void {
  const own = p.kind === "participant" && p.programId === program.id && participant !== null && p.participantPk === participant.pk;
  const admin = p.kind === "admin" && p.orgId === program.orgId;
  if (!own && !admin && program.visibility !== "public") requireSelf(p, program, participant?.pk ?? null);
  if (participant === null || (!own && !admin && !participant.ranked)) throw notFound("participant");
}
