/** Finding the things a path names; a name that does not exist answers 404. */
import type { Context } from "hono";
import type { z } from "zod";
import { validate } from "./body";
import type { AppEnv } from "./context";
import { cachedProgram, type ProgramRow } from "./db/programs";
import { engineOf } from "./engine/client";
import type { ParticipantView } from "./engine/program-engine";
import { unwrap } from "./engine/outcome";
import { notFound } from "./errors";
import type { ParticipantReader } from "./published";

export async function programOf(c: Context<AppEnv>): Promise<ProgramRow> {
  const program = await cachedProgram(c.var.db, c.req.param("program")!, c.var.now);
  if (!program) throw notFound("program");
  return program;
}

/** The program's engine (worker/engine). */
export const engine = (c: Context<AppEnv>, program: ProgramRow) => engineOf(c.env, program.id);

/** The participant the path's `:id` names in `program`, or null. */
export async function findParticipantOf(c: Context<AppEnv>, program: ProgramRow): Promise<ParticipantView | null> {
  return engine(c, program).participant(c.req.param("id")!);
}

export async function participantOf(c: Context<AppEnv>, program: ProgramRow): Promise<ParticipantView> {
  const participant = await findParticipantOf(c, program);
  if (!participant) throw notFound("participant");
  return participant;
}

/**
 * The query of a read about the path's participant. A participant the reader may not see answers
 * 404 (or 403) before a bad query's 422, as every route orders them; the engine is asked about the
 * participant only when the query is bad, so a good read stays one call.
 */
export async function participantQuery<S extends z.ZodType>(
  c: Context<AppEnv>,
  program: ProgramRow,
  reader: ParticipantReader,
  schema: S,
): Promise<z.output<S>> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  await unwrap(engine(c, program).visible(c.req.param("id")!, reader));
  return validate(schema, c.req.query());
}
