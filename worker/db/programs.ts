/** Programs and their documents: reading the stored document, and storing a new one in one batch. */
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { fromHundredths } from "../../scoring/decimal";
import { localDateOf } from "../../scoring/periods";
import { applyWeight, FIRST_DAY, scoringRanges, type WeightVersion } from "../../scoring/weights";
import type { Db } from "../context";
import { conflict, invalid } from "../errors";
import type { ProgramDocument } from "../schemas/programs";
import { batch, json, rowOf, type Statement } from "./client";
import { guard, retryingStaleReads } from "./guards";
import { rebuildPeriodScores, scoreDailyRollups } from "./rescore";
import { scoreUnscoredEvents } from "./scoring";
import { joinRankedCounts, leaveRankedCounts } from "./ranked-counts";
import { recountRows } from "./score-counts";
import { regroupRows } from "./team-scores";
import { metrics, metricVersions, participants, programs, targets, teams } from "./schema";

export type ProgramRow = typeof programs.$inferSelect;

/** Raw SQL, so that the lookup joins the request's other reads of the same tick in one batch (client.ts). */
export async function findProgram(db: Db, slug: string): Promise<ProgramRow | undefined> {
  const raw = await db.get<Record<string, unknown> | undefined>(sql`SELECT * FROM programs WHERE slug = ${slug}`);
  return raw && rowOf(programs, raw);
}

/** The program's teams in the order given. Raw SQL, so that it joins a board's other reads in one batch (client.ts). */
export async function teamsOf(db: Db, programId: number) {
  const raw = await db.all<Record<string, unknown>>(sql`SELECT * FROM teams WHERE program_id = ${programId} ORDER BY position`);
  return raw.map((r) => rowOf(teams, r));
}

/**
 * The id of the program with the slug, as SQL: reads keyed by it can start in the same batch as
 * the program's own lookup (a program that does not exist has none, and they read nothing).
 */
export const programIdBySlug = (slug: string): SQL => sql`(SELECT id FROM programs WHERE slug = ${slug})`;

/** Every metric of the program, archived ones too. A raw read, so it joins the reads started with it in one round trip (client.ts). */
export async function programMetrics(db: Db, programId: number | SQL) {
  const rows = await db.all<Record<string, unknown>>(sql`SELECT * FROM metrics WHERE program_id = ${programId}`);
  return rows.map((r) => rowOf(metrics, r));
}

/** The stored document: live metrics with their latest weight, teams and targets, in the order given. */
export async function readDocument(db: Db, program: ProgramRow) {
  const [metricRows, versionRows, teamRows, targetRows] = await db.batch([
    db.select().from(metrics).where(and(eq(metrics.programId, program.id), isNull(metrics.archivedAt))).orderBy(asc(metrics.position)),
    db
      .select({ v: metricVersions })
      .from(metricVersions)
      .innerJoin(metrics, eq(metrics.id, metricVersions.metricId))
      .where(eq(metrics.programId, program.id))
      .orderBy(asc(metricVersions.effectiveFrom)),
    db.select().from(teams).where(eq(teams.programId, program.id)).orderBy(asc(teams.position)),
    db.select().from(targets).where(eq(targets.programId, program.id)).orderBy(asc(targets.position)),
  ]);
  const latest = new Map(versionRows.map(({ v }) => [v.metricId, v]));
  return {
    name: program.name,
    timezone: program.timeZone,
    requireOptIn: program.requireOptIn,
    visibility: program.visibility,
    teamAggregation: program.teamAggregation,
    metrics: metricRows.map((m) => {
      const v = latest.get(m.id)!;
      return {
        key: m.key,
        name: m.name,
        indicator: m.indicator,
        aggregation: m.aggregation,
        points: fromHundredths(v.pointsH),
        dailyCap: v.dailyCapH === null ? null : fromHundredths(v.dailyCapH),
        effectiveFrom: v.effectiveFrom,
      };
    }),
    teams: teamRows.map((t) => ({ key: t.key, name: t.name, parent: t.parentKey })),
    targets: targetRows.map((t) => ({
      key: t.key,
      subject: t.subjectType === "team" ? { team: t.subjectKey } : { participant: t.subjectKey },
      metric: t.metricKey,
      period: t.period,
      value: fromHundredths(t.valueH),
    })),
  };
}

/**
 * Stores the document for `slug` in one atomic batch; answers whether the program is new. Weight
 * changes re-score the affected days; a program's time zone cannot change once it has events, and
 * a team that still has participants cannot be removed.
 */
export function saveDocument(db: Db, orgId: number, slug: string, doc: ProgramDocument, now: number): Promise<boolean> {
  // The re-score range and the timezone lock are decided on the stored days: an ingest landing
  // between that read and the batch fails the batch's guard, and the document is saved again.
  return retryingStaleReads(() => saveDocumentOnce(db, orgId, slug, doc, now));
}

async function saveDocumentOnce(db: Db, orgId: number, slug: string, doc: ProgramDocument, now: number): Promise<boolean> {
  const existing = await findProgram(db, slug);
  if (existing && existing.orgId !== orgId) throw conflict("slug_taken", `the slug "${slug}" is taken`);
  const programId = sql`(SELECT id FROM programs WHERE slug = ${slug} AND org_id = ${orgId})`;
  const today = localDateOf(now, doc.timezone);

  const storedMetrics = existing ? await db.select().from(metrics).where(eq(metrics.programId, existing.id)) : [];
  const storedVersions = existing
    ? await db
        .select({ v: metricVersions, key: metrics.key })
        .from(metricVersions)
        .innerJoin(metrics, eq(metrics.id, metricVersions.metricId))
        .where(eq(metrics.programId, existing.id))
    : [];
  const span = existing ? await dataSpan(db, existing.id) : null;
  if (existing && span && existing.timeZone !== doc.timezone) {
    throw conflict("timezone_locked", "the timezone cannot change once the program has events: local days would move");
  }
  if (existing) await refuseRemovingTeamsInUse(db, existing.id, doc);

  const byKey = new Map(storedMetrics.map((m) => [m.key, m]));
  const problems = doc.metrics.flatMap((m, i) => {
    const stored = byKey.get(m.key);
    return stored && stored.aggregation !== m.aggregation
      ? [{ path: `metrics[${i}].aggregation`, message: "cannot change once the metric exists; use a new key" }]
      : [];
  });
  if (problems.length) throw invalid(problems);

  const versionRows: unknown[] = [];
  let rescoreFrom = null as string | null;
  const rescored: string[] = [];
  for (const m of doc.metrics) {
    const stored = byKey.get(m.key);
    const before: WeightVersion[] = storedVersions.filter((r) => r.key === m.key).map((r) => r.v);
    const change = applyWeight(before, { pointsH: m.points, dailyCapH: m.dailyCap }, m.effectiveFrom ?? null, today);
    const from = stored && stored.indicator !== m.indicator ? FIRST_DAY : stored ? change.rescoreFrom : null;
    if (from !== null) {
      rescored.push(m.key);
      rescoreFrom = rescoreFrom === null || from < rescoreFrom ? from : rescoreFrom;
    }
    for (const v of scoringRanges(change.versions)) {
      versionRows.push([m.key, v.effectiveFrom, v.pointsH, v.dailyCapH, v.appliesFrom, v.appliesUntil]);
    }
  }

  const statements: Statement[] = [
    db
      .insert(programs)
      .values({
        orgId,
        slug,
        name: doc.name,
        timeZone: doc.timezone,
        requireOptIn: doc.requireOptIn,
        visibility: doc.visibility,
        teamAggregation: doc.teamAggregation,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: programs.slug,
        set: {
          name: doc.name,
          timeZone: doc.timezone,
          requireOptIn: doc.requireOptIn,
          visibility: doc.visibility,
          teamAggregation: doc.teamAggregation,
          updatedAt: now,
        },
        setWhere: eq(programs.orgId, orgId),
      }),
    sql`
      INSERT INTO metrics (program_id, key, name, indicator, aggregation, position, archived_at)
      SELECT ${programId}, value->>0, value->>1, value->>2, value->>3, key, NULL
      FROM json_each(${json(doc.metrics.map((m) => [m.key, m.name, m.indicator, m.aggregation]))}) WHERE true
      ON CONFLICT (program_id, key) DO UPDATE SET
        name = excluded.name, indicator = excluded.indicator, position = excluded.position, archived_at = NULL`,
    sql`
      UPDATE metrics SET archived_at = ${now}
      WHERE program_id = ${programId} AND archived_at IS NULL
        AND key NOT IN (SELECT value FROM json_each(${json(doc.metrics.map((m) => m.key))}))`,
    sql`
      DELETE FROM metric_versions WHERE metric_id IN (
        SELECT id FROM metrics WHERE program_id = ${programId}
          AND key IN (SELECT value FROM json_each(${json(doc.metrics.map((m) => m.key))})))`,
    sql`
      INSERT INTO metric_versions (metric_id, effective_from, points_h, daily_cap_h, applies_from, applies_until)
      SELECT m.id, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5
      FROM json_each(${json(versionRows)}) j JOIN metrics m ON m.program_id = ${programId} AND m.key = j.value->>0`,
    sql`DELETE FROM teams WHERE program_id = ${programId}`,
    sql`
      INSERT INTO teams (program_id, key, name, parent_key, position)
      SELECT ${programId}, value->>0, value->>1, value->>2, key
      FROM json_each(${json(doc.teams.map((t) => [t.key, t.name, t.parent]))})`,
    sql`DELETE FROM targets WHERE program_id = ${programId}`,
    sql`
      INSERT INTO targets (program_id, key, subject_type, subject_key, metric_key, period, value_h, position)
      SELECT ${programId}, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, key
      FROM json_each(${json(
        doc.targets.map((t) => [
          t.key,
          "team" in t.subject ? "team" : "participant",
          "team" in t.subject ? t.subject.team : t.subject.participant,
          t.metric,
          t.period,
          t.value,
        ]),
      )})`,
  ];
  if (existing && existing.requireOptIn !== doc.requireOptIn) statements.push(...rerank(programId));
  // The re-score covers the stored days up to today (or the last stored day, if later).
  const to = span && span.last > today ? span.last : today;
  // Events waiting to be scored are scored first (with the old weights, which the re-score below
  // replaces), so that the guard and the re-score see every stored day.
  if (existing) statements.unshift(...scoreUnscoredEvents(), guard(sameDataSpan(existing.id, span, to)));
  if (span && rescoreFrom !== null) {
    const from = rescoreFrom > span.first ? rescoreFrom : span.first;
    statements.push(
      scoreDailyRollups(programId, sql`d.day >= ${from} AND m.key IN (SELECT value FROM json_each(${json(rescored)}))`),
      ...rebuildPeriodScores(programId, from, to),
    );
  }
  await batch(db, statements);
  return !existing;
}

/** The first and last local day with rollups, or null for a program without events. */
async function dataSpan(db: Db, programId: number) {
  const row = await db.get<{ first: string | null; last: string | null }>(
    sql`SELECT MIN(day) AS first, MAX(day) AS last FROM daily_rollups WHERE program_id = ${programId}`,
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/**
 * No stored day outside the span read before the batch, as far as `to`: rollups on an earlier day,
 * a later one, or a program's first would escape the re-score and the timezone lock.
 */
function sameDataSpan(programId: number, span: { first: string } | null, to: string) {
  const none = (days: SQL) => sql`NOT EXISTS (SELECT 1 FROM daily_rollups WHERE program_id = ${programId} AND ${days})`;
  if (!span) return none(sql`true`);
  return sql`${none(sql`day < ${span.first}`)} AND ${none(sql`day > ${to}`)}`;
}

/** Re-derives who is ranked after the program's opt-in rule changed. */
function rerank(programId: ReturnType<typeof sql>) {
  return [
    leaveRankedCounts(sql`p.program_id = ${programId}`),
    sql`UPDATE participants SET ranked = (opted_in OR NOT (SELECT require_opt_in FROM programs WHERE id = ${programId}))
        WHERE program_id = ${programId}`,
    joinRankedCounts(sql`p.program_id = ${programId}`),
    ...regroupRows(sql`s.program_id = ${programId} AND s.ranked IS NOT p.ranked`),
    recountRows(sql`s.program_id = ${programId} AND s.ranked IS NOT p.ranked`),
    sql`UPDATE period_scores AS s SET ranked = p.ranked FROM participants p
        WHERE p.pk = s.participant_pk AND s.program_id = ${programId}`,
  ];
}

async function refuseRemovingTeamsInUse(db: Db, programId: number, doc: ProgramDocument) {
  const keep = new Set(doc.teams.map((t) => t.key));
  const used = await db
    .selectDistinct({ team: participants.teamKey })
    .from(participants)
    .where(and(eq(participants.programId, programId), sql`${participants.teamKey} IS NOT NULL`));
  const removed = used.map((u) => u.team!).filter((t) => !keep.has(t));
  if (removed.length) {
    throw conflict("team_in_use", "teams that still have participants cannot be removed; move the participants first", {
      teams: removed,
    });
  }
}
