/** The Hono environment every route sees: bindings, the request's clock reading and its caller. */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Principal } from "./auth";
import type * as schema from "./db/schema";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /** The instant the request is handled at (epoch ms): one reading per request. */
    now: number;
    principal: Principal;
    /** The SHA-256 of the request's bearer secret, where authentication read one. */
    secretHash?: string;
  };
}
