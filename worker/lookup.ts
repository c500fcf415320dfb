/** Finding the things a path names; a name that does not exist answers 404. */
import type { Context } from "hono";
import type { AppEnv } from "./context";
import { findParticipant } from "./db/participants";
import { findProgram } from "./db/programs";
import { notFound } from "./errors";

export async function programOf(c: Context<AppEnv>) {
  const program = await findProgram(c.var.db, c.req.param("program")!);
  if (!program) throw notFound("program");
  return program;
}

export async function participantOf(c: Context<AppEnv>, programId: number) {
  const participant = await findParticipant(c.var.db, programId, c.req.param("id")!);
  if (!participant) throw notFound("participant");
  return participant;
}
