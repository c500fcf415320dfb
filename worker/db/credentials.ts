/** Organisations with their admin keys, ingest keys and participant tokens. Only hashes are stored. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { batch, json, jsonParts } from "./client";
import { conflict, notFound } from "../errors";
import { IsolateCache, LOOKUP_TTL_MS } from "../isolate-cache";
import { newSecret } from "../secrets";
import { credentials, orgs } from "./schema";

/** The credential with that prefix, where it is not revoked, kept a few seconds in the isolate. */
export function liveCredential(db: Db, prefix: string, now: number) {
  return liveCredentials.get(prefix, now, () =>
    db
      .select()
      .from(credentials)
      .where(and(eq(credentials.prefix, prefix), isNull(credentials.revokedAt)))
      .get(),
  );
}

/** Credentials looked up lately: a revocation here clears them at once, one elsewhere takes effect within LOOKUP_TTL_MS. */
const liveCredentials = new IsolateCache<typeof credentials.$inferSelect | undefined>(LOOKUP_TTL_MS);

/** Creates the organisation and its first admin key; answers the key, shown this once. */
export async function createOrg(db: Db, slug: string, name: string, now: number): Promise<string> {
  const taken = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.slug, slug)).get();
  if (taken) throw conflict("slug_taken", `the organisation slug "${slug}" is taken`);
  const key = await newSecret("admin");
  await batch(db, [
    db.insert(orgs).values({ slug, name, createdAt: now }),
    sql`
      INSERT INTO credentials (org_id, role, prefix, secret_hash, created_at)
      SELECT id, 'admin', ${key.prefix}, ${key.hash}, ${now} FROM orgs WHERE slug = ${slug}`,
  ]);
  return key.secret;
}

/** A new ingest key for the program; answers the key, shown this once. */
export async function createIngestKey(db: Db, orgId: number, programId: number, now: number): Promise<string> {
  const key = await newSecret("ingest");
  await db.insert(credentials).values({ orgId, programId, role: "ingest", prefix: key.prefix, secretHash: key.hash, createdAt: now });
  return key.secret;
}

/**
 * A new token for each participant, in one atomic batch that first revokes their earlier tokens:
 * a participant holds one live private link at a time. Answers the tokens in the order of `pks`,
 * shown this once.
 */
export async function issueParticipantTokens(db: Db, orgId: number, programId: number, pks: number[], now: number): Promise<string[]> {
  if (pks.length === 0) return [];
  const tokens = await Promise.all(pks.map(() => newSecret("participant")));
  const rows = tokens.map((t, i) => [pks[i], t.prefix, t.hash]);
  await batch(db, [
    revokeTokensOf(programId, pks, now),
    ...jsonParts(rows).map(
      (part) => sql`
        INSERT INTO credentials (org_id, program_id, participant_pk, role, prefix, secret_hash, created_at)
        SELECT ${orgId}, ${programId}, value->>0, 'participant', value->>1, value->>2, ${now} FROM json_each(${part})`,
    ),
  ]);
  liveCredentials.clear();
  return tokens.map((t) => t.secret);
}

/** One participant's new token, revoking the earlier ones. */
export const issueParticipantToken = async (db: Db, orgId: number, programId: number, participantPk: number, now: number) =>
  (await issueParticipantTokens(db, orgId, programId, [participantPk], now))[0];

/** Revokes every live token of the participant: their private links stop working. */
export async function revokeParticipantTokens(db: Db, programId: number, participantPk: number, now: number) {
  await batch(db, [revokeTokensOf(programId, [participantPk], now)]);
  liveCredentials.clear();
}

const revokeTokensOf = (programId: number, pks: number[], now: number) => sql`
  UPDATE credentials SET revoked_at = ${now}
  WHERE program_id = ${programId} AND role = 'participant' AND revoked_at IS NULL
    AND participant_pk IN (SELECT value FROM json_each(${json(pks)}))`;

export const listIngestKeys = (db: Db, programId: number) =>
  db
    .select({ prefix: credentials.prefix, role: credentials.role, createdAt: credentials.createdAt, revokedAt: credentials.revokedAt })
    .from(credentials)
    .where(and(eq(credentials.programId, programId), eq(credentials.role, "ingest")))
    .orderBy(asc(credentials.createdAt), asc(credentials.id));

/** Revokes the program's ingest key with that prefix; revoking it again changes nothing. */
export async function revokeIngestKey(db: Db, programId: number, prefix: string, now: number) {
  const key = await db
    .select()
    .from(credentials)
    .where(and(eq(credentials.programId, programId), eq(credentials.role, "ingest"), eq(credentials.prefix, prefix)))
    .get();
  if (!key) throw notFound("key");
  await db
    .update(credentials)
    .set({ revokedAt: now })
    .where(and(eq(credentials.id, key.id), isNull(credentials.revokedAt)));
  liveCredentials.clear();
}

/** Removes an erased participant's tokens with them. */
export async function forgetParticipantCredentials(db: Db, programId: number, participantPk: number) {
  await db.delete(credentials).where(and(eq(credentials.programId, programId), eq(credentials.participantPk, participantPk)));
  liveCredentials.clear();
}
