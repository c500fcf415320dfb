/** Finding the things a path names; a name that does not exist answers 404. */
import type { Context } from "hono";
import type { AppEnv } from "./context";
import { cachedProgram, type ProgramRow } from "./db/programs";
import { engineOf } from "./engine/client";
import type { ParticipantView } from "./engine/program-engine";
import { notFound } from "./errors";

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
