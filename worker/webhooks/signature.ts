/** Deliveries are signed: `X-Leadboard-Signature: sha256=<hex HMAC-SHA256 of the body with the subscription's secret>`. */

export const SIGNATURE_HEADER = "X-Leadboard-Signature";

export async function sign(secret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(body));
  return `sha256=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
