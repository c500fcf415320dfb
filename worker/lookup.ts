/**
 * Finding the things a path names; a name that does not exist answers 404.
 *
 * The lookups start before `authenticate` (the middlewares below), in the same tick as its
 * credential lookup, so all of them travel to D1 as one batch (client.ts): a request pays one
 * round trip for them instead of one each, in turn. Access is still decided in the routes, after
 * authentication, so which error a caller gets does not change.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";
import { findParticipant, findParticipantBySlug, type ParticipantRow } from "./db/participants";
import { findProgram, type ProgramRow } from "./db/programs";
import { notFound } from "./errors";

/** Lookups started for the path, with the parameters they were started for. */
export interface Lookups {
  program?: { slug: string; row: Promise<ProgramRow | undefined> };
  participant?: { slug: string; id: string; row: Promise<ParticipantRow | undefined> };
}

/**
 * A lookup the route may never await: the request can be refused first (a malformed credential is
 * a 401 before anything is read). Its failure is then left unobserved, not an unhandled rejection;
 * whoever awaits it still gets the error.
 */
export function started<T>(lookup: Promise<T>): Promise<T> {
  lookup.catch(() => {});
  return lookup;
}

/** For `/v1/programs/:program/*`: starts finding the program. */
export const startProgramLookup = createMiddleware<AppEnv>(async (c, next) => {
  const slug = c.req.param("program")!;
  c.set("lookups", { ...c.var.lookups, program: { slug, row: started(findProgram(c.var.db, slug)) } });
  return next();
});

/** For `/v1/programs/:program/participants/:id/*`: starts finding the participant, by the program's slug. */
export const startParticipantLookup = createMiddleware<AppEnv>(async (c, next) => {
  const slug = c.req.param("program")!;
  const id = c.req.param("id")!;
  c.set("lookups", { ...c.var.lookups, participant: { slug, id, row: started(findParticipantBySlug(c.var.db, slug, id)) } });
  return next();
});

export async function programOf(c: Context<AppEnv>) {
  const slug = c.req.param("program")!;
  const early = c.var.lookups?.program;
  const program = await (early?.slug === slug ? early.row : findProgram(c.var.db, slug));
  if (!program) throw notFound("program");
  return program;
}

/** The participant the path's `:id` names in `program`, or undefined. */
export async function findParticipantOf(c: Context<AppEnv>, program: ProgramRow) {
  const id = c.req.param("id")!;
  const early = c.var.lookups?.participant;
  return early?.slug === program.slug && early.id === id ? early.row : findParticipant(c.var.db, program.id, id);
}

export async function participantOf(c: Context<AppEnv>, program: ProgramRow) {
  const participant = await findParticipantOf(c, program);
  if (!participant) throw notFound("participant");
  return participant;
}
