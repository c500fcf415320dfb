/** Finding a program or participant by its row id (for credentials, which hold ids). */
import { eq } from "drizzle-orm";
import type { Db } from "../context";
import { participants, programs } from "./schema";

export const findProgramById = (db: Db, id: number) => db.select().from(programs).where(eq(programs.id, id)).get();
export const findParticipantByPk = (db: Db, pk: number) => db.select().from(participants).where(eq(participants.pk, pk)).get();
