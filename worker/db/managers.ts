/** Manager accounts, their console sessions and the sign-in throttle. Only hashes of secrets are stored. */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { conflict, tooManyRequests, unauthorized } from "../errors";
import { decoyHash, hashPassword, verifyPassword } from "../passwords";
import { base64url } from "../base64url";
import { constantTimeEqual, hashSecret, prefixOf } from "../secrets";
import { batch } from "./client";
import { loginThrottle, managers, managerSessions, orgs } from "./schema";

/** How long a console session lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Sign-in throttle: at most this many failures per address in a window. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** The tag of session tokens: the authenticator tells them from API keys by it. */
export const SESSION_TAG = "lbs_";

/**
 * Adds a manager to the organisation. An address is unique within its organisation: 409 where it
 * has an account there already; an account in another organisation is neither refused nor told.
 */
export async function createManager(db: Db, orgId: number, email: string, name: string, password: string, now: number) {
  const taken = () => conflict("email_taken", `a manager with the e-mail ${email} exists already in this organisation`);
  const existing = await db
    .select({ id: managers.id })
    .from(managers)
    .where(and(eq(managers.orgId, orgId), eq(managers.email, email)))
    .get();
  if (existing) throw taken();
  const passwordHash = await hashPassword(password);
  // A parallel request may have added the address since: the unique index decides.
  const [row] = await db.insert(managers).values({ orgId, email, name, passwordHash, createdAt: now }).onConflictDoNothing().returning();
  if (!row) throw taken();
  return row;
}

/**
 * The account to check a sign-in against: the address's account in the organisation `orgSlug`, or
 * without one its oldest account. Always one account, so that the time a sign-in takes does not
 * tell how many organisations the address is in.
 */
function accountOf(db: Db, email: string, orgSlug: string | undefined) {
  const query = db.select({ manager: managers }).from(managers);
  if (orgSlug === undefined) return query.where(eq(managers.email, email)).orderBy(asc(managers.id)).limit(1).get();
  return query
    .innerJoin(orgs, eq(orgs.id, managers.orgId))
    .where(and(eq(managers.email, email), eq(orgs.slug, orgSlug)))
    .get();
}

/**
 * Checks the password and opens a session; answers the token, shown this once. Five failures for
 * one address within 15 minutes lock it until the window ends (429 with Retry-After), parallel
 * guesses included: each attempt is counted, in one statement, before its password is checked, and
 * only the first five of a window are checked; a success clears the count.
 */
export async function signIn(db: Db, email: string, password: string, now: number, orgSlug?: string) {
  const throttleKey = `email:${email}`;
  // One statement counts the attempt and answers the count, so parallel guesses are each counted.
  const [[counted]] = (await batch(db, [
    sql`
    INSERT INTO login_throttle (key, failures, window_start) VALUES (${throttleKey}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${now} - window_start < ${FAILURE_WINDOW_MS} THEN failures + 1 ELSE 1 END,
      window_start = CASE WHEN ${now} - window_start < ${FAILURE_WINDOW_MS} THEN window_start ELSE ${now} END
    RETURNING failures AS attempts, window_start AS windowStart`,
  ])) as { attempts: number; windowStart: number }[][];
  if (counted.attempts > MAX_FAILURES) {
    throw tooManyRequests(Math.ceil((counted.windowStart + FAILURE_WINDOW_MS - now) / 1000));
  }
  const manager = (await accountOf(db, email, orgSlug))?.manager;
  const ok = await verifyPassword(password, manager?.passwordHash ?? (await decoyHash()));
  if (!manager || !ok) throw unauthorized("the e-mail address or the password is not right");
  await db.delete(loginThrottle).where(eq(loginThrottle.key, throttleKey));
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = `${SESSION_TAG}${base64url(bytes)}`;
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(managerSessions).values({
    managerId: manager.id,
    orgId: manager.orgId,
    prefix: prefixOf(token),
    secretHash: await hashSecret(token),
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt, manager };
}

/** The live session a token names, or null (unknown, revoked, expired or a wrong secret). */
export async function sessionOf(db: Db, token: string, now: number) {
  const row = await db
    .select()
    .from(managerSessions)
    .where(and(eq(managerSessions.prefix, prefixOf(token)), isNull(managerSessions.revokedAt), gt(managerSessions.expiresAt, now)))
    .get();
  if (!row || !constantTimeEqual(row.secretHash, await hashSecret(token))) return null;
  return row;
}

export async function revokeSession(db: Db, token: string, now: number) {
  await db
    .update(managerSessions)
    .set({ revokedAt: now })
    .where(eq(managerSessions.prefix, prefixOf(token)));
}

export const findManager = (db: Db, id: number) => db.select().from(managers).where(eq(managers.id, id)).get();
