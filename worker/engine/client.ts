/** Reaching a program's engine from the worker: one Durable Object per program, named by the program's D1 id. */
import type { ProgramEngine } from "./program-engine";

export function engineOf(env: Env, programId: number): DurableObjectStub<ProgramEngine> {
  return env.PROGRAM_ENGINE.get(env.PROGRAM_ENGINE.idFromName(String(programId)));
}
