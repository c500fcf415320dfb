/**
 * Manager passwords: PBKDF2-SHA256 through WebCrypto with a random salt and many iterations, so a
 * stolen hash is slow to guess. Stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url),
 * so the cost can rise later without breaking older hashes.
 */
import { base64url, fromBase64url } from "./base64url";

/** Workers' WebCrypto accepts at most 100,000 PBKDF2 iterations. */
export const PBKDF2_ITERATIONS = 100_000;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${base64url(salt)}$${base64url(await derive(password, salt, iterations))}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterations || !salt || !hash) return false;
  const expected = fromBase64url(hash);
  const actual = await derive(password, fromBase64url(salt), Number(iterations));
  return expected.byteLength === actual.byteLength && crypto.subtle.timingSafeEqual(expected, actual);
}

/** A hash to verify against when the e-mail is unknown, so both cases take the same time. */
let decoy: Promise<string> | null = null;
export const decoyHash = () => (decoy ??= hashPassword("decoy password that never matches"));
