/**
 * Secrets: admin keys, ingest keys and participant tokens. Each is a role tag and 32 random bytes;
 * its first 12 characters are a public prefix to find and name it by, and only its SHA-256 hash
 * is stored. The secrets carry 256 bits of entropy, so a fast hash is enough.
 */
import { base64url } from "./base64url";

export type SecretRole = "admin" | "ingest" | "participant";

const TAGS: Record<SecretRole, string> = { admin: "lba", ingest: "lbi", participant: "lbp" };
const PREFIX_LENGTH = 12;

export interface NewSecret {
  secret: string;
  prefix: string;
  hash: string;
}

export async function newSecret(role: SecretRole): Promise<NewSecret> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = `${TAGS[role]}_${base64url(bytes)}`;
  return { secret, prefix: prefixOf(secret), hash: await hashSecret(secret) };
}

export const prefixOf = (secret: string) => secret.slice(0, PREFIX_LENGTH);

/** The role a secret is tagged with, if it is tagged as one of ours (the operator key is configured, not issued). */
export const roleTagged = (secret: string): SecretRole | undefined => (Object.keys(TAGS) as SecretRole[]).find((role) => secret.startsWith(`${TAGS[role]}_`));

/** Whether a secret is tagged as one of ours: only these are stored. */
export const isIssued = (secret: string) => roleTagged(secret) !== undefined;

export async function hashSecret(secret: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret)));
  let hex = "";
  for (const b of digest) hex += HEX[b];
  return hex;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** Compares two strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}
