/**
 * Beyond the v1 contract, for the site: a program's badge rules and levels (SPEC §5.4, §5.5), read
 * by whoever may read its boards, so a scorecard can show the badges still to earn and the first
 * level to reach. The program document itself stays the admin's.
 */
import { Hono } from "hono";
import { requireReader } from "../auth";
import type { AppEnv } from "../context";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";

export const gameRoutes = new Hono<AppEnv>().get("/:program/game", async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).gameRules()));
});
