/**
 * Per-credential rate limits on ingestion and on manager sign-in, with the Workers Rate Limiting
 * binding (`[[ratelimits]]` in wrangler.toml; miniflare runs it locally). Over the limit answers
 * 429 `rate_limited` with Retry-After. A binding that is not configured limits nothing.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { bearerSecret } from "./auth";
import type { AppEnv } from "./context";
import { tooManyRequests } from "./errors";
import { hashSecret } from "./secrets";

/** The binding's window (seconds): the longest a caller over the limit has to wait. */
export const INGEST_PERIOD_S = 10;
export const LOGIN_PERIOD_S = 60;

/** Which credential a request uses: the hash of its bearer secret (never the secret), or the client's address. */
async function callerKey(c: Context<AppEnv>): Promise<string> {
  const secret = bearerSecret(c.req.header("Authorization"));
  if (secret !== undefined) return `cred:${(c.var.secretHash ?? (await hashSecret(secret))).slice(0, 32)}`;
  return `ip:${c.req.header("CF-Connecting-IP") ?? "local"}`;
}

/** POST /v1/programs/{program}/events: at most the INGEST_LIMITER's limit per credential and window. */
export const limitIngest = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.env.INGEST_LIMITER;
  if (c.req.method === "POST" && limiter) {
    const { success } = await limiter.limit({ key: await callerKey(c) });
    if (!success) throw tooManyRequests(INGEST_PERIOD_S);
  }
  await next();
});

/**
 * Manager sign-in: at most the LOGIN_LIMITER's limit per e-mail address and window, and as many per
 * client address across e-mail addresses (failures also lock an address: worker/db/managers.ts).
 * The client is CF-Connecting-IP, which Cloudflare sets on every request from outside (the site
 * passes its visitor's on); a request without it (local, or the tests') is limited by address only.
 */
export async function limitLogin(c: Context<AppEnv>, email: string): Promise<void> {
  const limiter = c.env.LOGIN_LIMITER;
  if (!limiter) return;
  const client = c.req.header("CF-Connecting-IP");
  const keys = [`email:${email.trim().toLowerCase()}`, ...(client ? [`ip:${client}`] : [])];
  const answers = await Promise.all(keys.map((key) => limiter.limit({ key })));
  if (answers.some((a) => !a.success)) throw tooManyRequests(LOGIN_PERIOD_S);
}
