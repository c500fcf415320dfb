/**
 * Deliveries are signed with a timestamp, as Stripe signs its webhooks, so that a captured
 * delivery cannot be replayed later:
 *
 *   X-Leadboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${body}` with the subscription's secret>
 *
 * A receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares it in
 * constant time, and refuses a timestamp more than SIGNATURE_TOLERANCE_S away from its clock.
 * Each attempt is signed anew, with the time it is made.
 */

export const SIGNATURE_HEADER = "X-Leadboard-Signature";
/** How far a receiver should let the timestamp be from its own clock: 5 minutes. */
export const SIGNATURE_TOLERANCE_S = 300;

async function hmacHex(secret: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(text));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The signature header's value for `body` sent at `nowMs`. */
export async function sign(secret: string, body: string, nowMs: number): Promise<string> {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}
