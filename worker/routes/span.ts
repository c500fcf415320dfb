/**
 * Beyond the v1 contract: the days a program's boards can show, so that the site's period
 * navigation stops at the program's first period and the current one. The first day is the
 * earliest of the program's creation day, its first metric weight's date and its first day with
 * events (a history loaded later).
 */
import { Hono } from "hono";
import { requireReader } from "../auth";
import type { AppEnv } from "../context";
import { unwrap } from "../engine/outcome";
import { engine, programOf } from "../lookup";

export const spanRoutes = new Hono<AppEnv>().get("/:program/span", async (c) => {
  const program = await programOf(c);
  requireReader(c.var.principal, program);
  return c.json(await unwrap(engine(c, program).span(program.createdAt, c.var.now)));
});
