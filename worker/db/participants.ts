/** Participants, their opt-in history, and keeping the ranking fields copied into period scores in step. */
import { desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../context";
import { conflict, invalid } from "../errors";
import { batch, json, jsonParts, rowOf } from "./client";
import { joinRankedCounts, leaveRankedCounts } from "./ranked-counts";
import { recountRows, uncountRows } from "./score-counts";
import { regroupRows, removeRows } from "./team-scores";
import type { ProgramRow } from "./programs";
import { optToggles, participants, teams } from "./schema";

export type ParticipantRow = typeof participants.$inferSelect;

export interface ParticipantInput {
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
}

/** Raw SQL, so that the lookup joins the request's other reads of the same tick in one batch (client.ts). */
export async function findParticipant(db: Db, programId: number, id: string): Promise<ParticipantRow | undefined> {
  const raw = await db.get<Record<string, unknown> | undefined>(sql`SELECT * FROM participants WHERE program_id = ${programId} AND id = ${id}`);
  return raw && rowOf(participants, raw);
}

/** The participant `id` of the program with that slug: for a lookup made before the program's id is known. */
export async function findParticipantBySlug(db: Db, programSlug: string, id: string): Promise<ParticipantRow | undefined> {
  const raw = await db.get<Record<string, unknown> | undefined>(sql`
    SELECT p.* FROM participants p JOIN programs g ON g.id = p.program_id WHERE g.slug = ${programSlug} AND p.id = ${id}`);
  return raw && rowOf(participants, raw);
}

/** Inserts or updates the participants in one batch; their period scores follow a change of team or cohort. */
export async function upsertParticipants(db: Db, program: ProgramRow, list: ParticipantInput[], now: number) {
  const teamKeys = new Set(
    (await db.select({ key: teams.key }).from(teams).where(eq(teams.programId, program.id))).map((t) => t.key),
  );
  const seen = new Set<string>();
  const problems = list.flatMap((p, i) => {
    const found = [];
    if (seen.has(p.id)) found.push({ path: `participants[${i}].id`, message: `"${p.id}" appears more than once` });
    if (p.team !== null && !teamKeys.has(p.team)) found.push({ path: `participants[${i}].team`, message: `no team "${p.team}" in this program` });
    seen.add(p.id);
    return found;
  });
  if (problems.length) throw invalid(problems);

  const ranked = program.requireOptIn ? 0 : 1;
  // 1000 participants with long names in wide characters take more than a D1 string: they travel in parts.
  const rowParts = jsonParts(list.map((p) => [p.id, p.displayName, p.team, p.cohort]));
  await batch(
    db,
    rowParts.flatMap((rows) => {
      const listed = sql`p.program_id = ${program.id} AND p.id IN (SELECT value->>0 FROM json_each(${rows}))`;
      // Their period rows whose team or cohort the upsert changes: copied over, sums and counts moved too.
      const moved = sql`${listed} AND (s.team_key IS NOT p.team_key OR s.cohort IS NOT p.cohort)`;
      return [
        leaveRankedCounts(listed),
        sql`
          INSERT INTO participants (program_id, id, display_name, team_key, cohort, opted_in, ranked, created_at, updated_at)
          SELECT ${program.id}, value->>0, value->>1, value->>2, value->>3, 0, ${ranked}, ${now}, ${now}
          FROM json_each(${rows}) WHERE true
          ON CONFLICT (program_id, id) DO UPDATE SET
            display_name = excluded.display_name, team_key = excluded.team_key, cohort = excluded.cohort,
            updated_at = excluded.updated_at`,
        joinRankedCounts(listed),
        ...regroupRows(moved),
        recountRows(sql`${listed} AND s.cohort IS NOT p.cohort`),
        sql`UPDATE period_scores AS s SET team_key = p.team_key, cohort = p.cohort
            FROM participants p WHERE s.participant_pk = p.pk AND ${moved}`,
      ];
    }),
  );
  return list.length;
}

/**
 * Records an opt-in or opt-out at `at`. A toggle earlier than the latest is refused (409); one
 * that does not change the state is answered without storing anything.
 */
export async function toggleOptIn(db: Db, program: ProgramRow, participant: ParticipantRow, optedIn: boolean, at: number) {
  const latest = await db
    .select()
    .from(optToggles)
    .where(eq(optToggles.participantPk, participant.pk))
    .orderBy(desc(optToggles.at), desc(optToggles.id))
    .get();
  if (latest && at < latest.at) {
    throw conflict("toggle_out_of_order", `a toggle earlier than the latest one (${new Date(latest.at).toISOString()}) is refused`);
  }
  if ((latest?.optedIn ?? false) === optedIn) return;
  const ranked = optedIn || !program.requireOptIn;
  await batch(db, [
    db.insert(optToggles).values({ participantPk: participant.pk, at, optedIn }),
    leaveRankedCounts(sql`p.pk = ${participant.pk}`),
    db.update(participants).set({ optedIn, ranked }).where(eq(participants.pk, participant.pk)),
    joinRankedCounts(sql`p.pk = ${participant.pk}`),
    ...regroupRows(sql`s.participant_pk = ${participant.pk} AND s.ranked IS NOT p.ranked`),
    recountRows(sql`s.participant_pk = ${participant.pk} AND s.ranked IS NOT p.ranked`),
    sql`UPDATE period_scores SET ranked = ${ranked ? 1 : 0} WHERE participant_pk = ${participant.pk}`,
  ]);
}

/**
 * The opt-in histories of the named participants of a program (its id, or `programIdBySlug`), in
 * toggle order. A raw read, so that it joins the other reads an ingest batch starts with in one
 * round trip (client.ts).
 */
export async function optHistories(db: Db, programId: number | SQL, ids: string[]) {
  const rows = await db.all<{ pk: number; id: string; at: number | null; optedIn: number | null }>(sql`
    SELECT p.pk AS pk, p.id AS id, t.at AS at, t.opted_in AS optedIn
    FROM participants p LEFT JOIN opt_toggles t ON t.participant_pk = p.pk
    WHERE p.program_id = ${programId} AND p.id IN (SELECT value FROM json_each(${json(ids)}))
    ORDER BY t.at, t.id`);
  const byId = new Map<string, { pk: number; history: { at: number; optedIn: boolean }[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { pk: r.pk, history: [] };
    if (r.at !== null && r.optedIn !== null) entry.history.push({ at: r.at, optedIn: r.optedIn === 1 });
    byId.set(r.id, entry);
  }
  return byId;
}

/**
 * Erases a participant in one batch: events (scored or still queued), rollups, period scores,
 * tokens, opt-in history, the participant, and their entries in stored reports (a report's
 * `total` stays the count it was).
 */
export async function eraseParticipant(db: Db, participant: ParticipantRow) {
  const pk = participant.pk;
  const id = participant.id;
  const entriesWithout = sql`(SELECT json_group_array(json(value)) FROM json_each(body, '$.entries') WHERE value->>'id' IS NOT ${id})`;
  const idsWithout = (path: string) => sql`(SELECT json_group_array(value) FROM json_each(body, ${path}) WHERE value IS NOT ${id})`;
  await batch(db, [
    // A stored event is either scored, into its day's rollup, or waits unscored with its day, so
    // those name the days to look in; the events' index is by day (see the schema).
    sql`DELETE FROM events WHERE program_id = ${participant.programId} AND participant_pk = ${pk}
          AND day IN (SELECT day FROM daily_rollups WHERE participant_pk = ${pk}
                      UNION SELECT day FROM unscored_events WHERE participant_pk = ${pk})`,
    sql`DELETE FROM unscored_events WHERE participant_pk = ${pk}`,
    sql`DELETE FROM daily_rollups WHERE participant_pk = ${pk}`,
    removeRows(sql`s.participant_pk = ${pk}`),
    uncountRows(sql`s.participant_pk = ${pk}`),
    leaveRankedCounts(sql`p.pk = ${pk}`),
    sql`DELETE FROM period_scores WHERE participant_pk = ${pk}`,
    sql`DELETE FROM credentials WHERE participant_pk = ${pk}`,
    sql`DELETE FROM opt_toggles WHERE participant_pk = ${pk}`,
    sql`DELETE FROM participants WHERE pk = ${pk}`,
    sql`UPDATE weekly_reports SET body = json_set(body,
          '$.entries', ${entriesWithout}, '$.movers', ${idsWithout("$.movers")}, '$.newEntries', ${idsWithout("$.newEntries")})
        WHERE program_id = ${participant.programId}
          AND EXISTS (SELECT 1 FROM json_each(body, '$.entries') WHERE value->>'id' = ${id})`,
  ]);
}
