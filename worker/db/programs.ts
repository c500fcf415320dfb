/** The program catalogue in D1: who owns each slug, and the settings listing and access need. */
import { asc, eq, lt } from "drizzle-orm";
import type { Db } from "./client";
import { IsolateCache, LOOKUP_TTL_MS } from "../isolate-cache";
import { conflict } from "../errors";
import type { ProgramDocument } from "../schemas/programs";
import { programs } from "./schema";

export type ProgramRow = typeof programs.$inferSelect;

export const findProgram = (db: Db, slug: string) => db.select().from(programs).where(eq(programs.slug, slug)).get();

/** Programs looked up lately by slug: a change here clears them at once, one elsewhere takes effect within LOOKUP_TTL_MS. */
const programsBySlug = new IsolateCache<ProgramRow | undefined>(LOOKUP_TTL_MS);

/** The program at `slug`, kept a few seconds in the isolate (isolate-cache.ts). */
export const cachedProgram = (db: Db, slug: string, now: number) => programsBySlug.get(slug, now, () => findProgram(db, slug));

export const findProgramById = (db: Db, id: number) => db.select().from(programs).where(eq(programs.id, id)).get();

/**
 * The program at `slug` for the organisation, claiming the slug where nobody holds it yet (409
 * `slug_taken` where another organisation does). A new row carries the document's settings.
 */
export async function claimProgram(db: Db, orgId: number, slug: string, doc: ProgramDocument, now: number): Promise<ProgramRow> {
  await db
    .insert(programs)
    .values({ orgId, slug, ...settingsOf(doc), createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: programs.slug });
  const row = (await findProgram(db, slug))!;
  if (row.orgId !== orgId) throw conflict("slug_taken", `the slug "${slug}" is taken`);
  return row;
}

/** Copies the settings of a document its engine stored into the catalogue. */
export async function updateCatalogue(db: Db, id: number, doc: ProgramDocument, now: number): Promise<void> {
  await db
    .update(programs)
    .set({ ...settingsOf(doc), updatedAt: now })
    .where(eq(programs.id, id));
  programsBySlug.clear();
}

const settingsOf = (doc: ProgramDocument) => ({
  name: doc.name,
  timeZone: doc.timezone,
  requireOptIn: doc.requireOptIn,
  visibility: doc.visibility,
  teamAggregation: doc.teamAggregation,
});

export const publicPrograms = (db: Db) => db.select().from(programs).where(eq(programs.visibility, "public")).orderBy(asc(programs.name), asc(programs.slug));

export const programsOfOrg = (db: Db, orgId: number) =>
  db.select().from(programs).where(eq(programs.orgId, orgId)).orderBy(asc(programs.name), asc(programs.slug));

/** Programs created before `now`: the ones the scheduled jobs visit. */
export const programsCreatedBefore = (db: Db, now: number) => db.select().from(programs).where(lt(programs.createdAt, now));
