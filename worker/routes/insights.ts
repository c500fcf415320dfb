/**
 * Reads the site needs beyond the v1 contract: the public programs, a program's public summary, a
 * participant's weekly series beside their team's mean, the participants table and its dry-run
 * check, the console's dashboard, and what recent ingestion refused.
 */
import { Hono } from "hono";
import { participantReader, requireAdmin, requireReader } from "../auth";
import { fieldProblems, readJson, validate } from "../body";
import type { AppEnv } from "../context";
import { publicPrograms } from "../db/programs";
import { unwrap } from "../engine/outcome";
import { tooLarge } from "../errors";
import { engine, programOf } from "../lookup";
import { dashboardQuery, historyQuery, participantListQuery } from "../schemas/managers";
import { MAX_PARTICIPANTS, upsertParticipantsBody } from "../schemas/participants";

export const insightRoutes = new Hono<AppEnv>()
  .get("/public-programs", async (c) => {
    const rows = await publicPrograms(c.var.db);
    return c.json({ programs: rows.map((r) => ({ slug: r.slug, name: r.name, timezone: r.timeZone })) });
  })
  .get("/programs/:program/summary", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    return c.json(await unwrap(engine(c, program).summary(c.var.now)));
  })
  .get("/programs/:program/participants", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(participantListQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).participants(q.q?.trim() || undefined, q.offset, q.limit)));
  })
  /** A dry run of PUT /participants: every problem of every row, and which rows are new, without storing anything. */
  .post("/programs/:program/participants/check", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const body = await readJson(c);
    const list = (body as { participants?: unknown })?.participants;
    if (Array.isArray(list) && list.length > MAX_PARTICIPANTS) throw tooLarge(`at most ${MAX_PARTICIPANTS} participants a request`);
    const parsed = upsertParticipantsBody.safeParse(body);
    const problems = parsed.success ? [] : fieldProblems(parsed.error);
    const rows = Array.isArray(list) ? (list as { id?: unknown; team?: unknown }[]) : [];
    const ids = rows.map((p) => p?.id).filter((id): id is string => typeof id === "string");
    const facts = await unwrap(engine(c, program).upsertFacts(ids));
    const teamKeys = new Set(facts.teams);
    const seen = new Set<unknown>();
    rows.forEach((p, i) => {
      if (typeof p?.id === "string" && seen.has(p.id)) problems.push({ path: `participants[${i}].id`, message: `"${p.id}" appears more than once` });
      seen.add(p?.id);
      if (typeof p?.team === "string" && !teamKeys.has(p.team)) problems.push({ path: `participants[${i}].team`, message: `no team "${p.team}" in this program` });
    });
    return c.json({ valid: problems.length === 0, problems, existing: facts.existing });
  })
  .get("/programs/:program/participants/:id/history", async (c) => {
    const program = await programOf(c);
    const reader = participantReader(c.var.principal, program);
    const q = validate(historyQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).history(c.req.param("id"), reader, q.weeks, q.at, c.var.now)));
  })
  .get("/programs/:program/dashboard", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(dashboardQuery, c.req.query());
    return c.json(await unwrap(engine(c, program).dashboard(q.at, c.var.now)));
  })
  .get("/programs/:program/ingestion", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    return c.json(await unwrap(engine(c, program).ingestion(c.var.now)));
  });
