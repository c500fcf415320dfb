/** Headers on every API answer: browsers must not guess another type than the JSON it says it is. */
import { createMiddleware } from "hono/factory";

export const securityHeaders = createMiddleware(async (c, next) => {
  await next();
  c.res.headers.set("X-Content-Type-Options", "nosniff");
});
