/** Organisations: the tenants that own programs, keys and managers. */
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { orgs } from "./schema";

export type OrgRow = typeof orgs.$inferSelect;

export const findOrg = (db: Db, slug: string) => db.select().from(orgs).where(eq(orgs.slug, slug)).get();

/** The organisation of a stored id; one that a live credential or session names always exists. */
export const orgById = async (db: Db, id: number): Promise<OrgRow> => (await db.select().from(orgs).where(eq(orgs.id, id)).get())!;
