import type { Context } from "hono";

/** Lets work finish after the answer is sent; where there is no execution context (tests calling the app directly), waits for it. */
export async function inBackground(c: Context, work: Promise<unknown>): Promise<void> {
  let waitUntil: ((work: Promise<unknown>) => void) | undefined;
  try {
    const ctx = c.executionCtx;
    waitUntil = ctx.waitUntil.bind(ctx);
  } catch {
    waitUntil = undefined;
  }
  if (waitUntil) waitUntil(work);
  else await work;
}
