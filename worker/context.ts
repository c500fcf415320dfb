/** The Hono environment every route sees: bindings, the request's clock reading and its caller. */
import type { Principal } from "./principal";
import type { Db } from "./db/client";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /** The instant the request is handled at (epoch ms): one reading per request. */
    now: number;
    principal: Principal;
  };
}
