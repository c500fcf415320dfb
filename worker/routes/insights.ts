/**
 * Reads the site needs beyond the v1 contract: the public programs, a program's public summary, a
 * participant's weekly series beside their team's mean, the participants table and the console's
 * dashboard (participation, a team × metric heat map, team target attainment).
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { fromHundredths, fromTenThousandths } from "../../scoring/decimal";
import { localDateOf, periodInstants, type Period } from "../../scoring/periods";
import { actualFromUnits, measureTarget, targetPeriod, teamTargetActual } from "../../scoring/targets";
import { subtreeOf, teamScore } from "../../scoring/teams";
import { requireAdmin, requireReader, requireSelf } from "../auth";
import { validate } from "../body";
import type { AppEnv } from "../context";
import {
  cohortsOf,
  memberCappedUnits,
  memberScores,
  participantPage,
  participation,
  publicPrograms,
  rankedCount,
  rankedPerTeam,
  scoresByLabel,
  teamMetricFigures,
  teamSumsByLabel,
} from "../db/insights";
import { metrics, targets, teams } from "../db/schema";
import { notFound } from "../errors";
import { findParticipantOf, programOf } from "../lookup";
import { describePeriod, resolvePeriod } from "../period-query";
import { previousWeek } from "../reports";
import { dashboardQuery, historyQuery, participantListQuery } from "../schemas/managers";
import { MAX_PARTICIPANTS, upsertParticipantsBody } from "../schemas/participants";
import { fieldProblems, readJson } from "../body";
import { existingIds } from "../db/insights";
import { tooLarge } from "../errors";

export const insightRoutes = new Hono<AppEnv>()
  .get("/public-programs", async (c) => {
    const rows = await publicPrograms(c.var.db);
    return c.json({ programs: rows.map((r) => ({ slug: r.slug, name: r.name, timezone: r.timeZone })) });
  })
  .get("/programs/:program/summary", async (c) => {
    const program = await programOf(c);
    requireReader(c.var.principal, program);
    const [metricRows, teamRows, cohorts] = await Promise.all([
      c.var.db
        .select()
        .from(metrics)
        .where(and(eq(metrics.programId, program.id), isNull(metrics.archivedAt)))
        .orderBy(asc(metrics.position)),
      c.var.db.select().from(teams).where(eq(teams.programId, program.id)).orderBy(asc(teams.position)),
      cohortsOf(c.var.db, program.id),
    ]);
    return c.json({
      slug: program.slug,
      name: program.name,
      timezone: program.timeZone,
      visibility: program.visibility,
      requireOptIn: program.requireOptIn,
      teamAggregation: program.teamAggregation,
      today: localDateOf(c.var.now, program.timeZone),
      metrics: metricRows.map((m) => ({ key: m.key, name: m.name, indicator: m.indicator, aggregation: m.aggregation })),
      teams: teamRows.map((t) => ({ key: t.key, name: t.name, parent: t.parentKey })),
      cohorts,
    });
  })
  .get("/programs/:program/participants", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(participantListQuery, c.req.query());
    const page = await participantPage(c.var.db, program.id, q.q?.trim() || undefined, q.offset, q.limit);
    return c.json({
      total: page.total,
      offset: q.offset,
      participants: page.rows.map((r) => ({ ...r, optedIn: !!r.optedIn, ranked: !!r.ranked })),
    });
  })
  /** A dry run of PUT /participants: every problem of every row, and which rows are new, without storing anything. */
  .post("/programs/:program/participants/check", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const body = await readJson(c);
    const list = (body as { participants?: unknown })?.participants;
    if (Array.isArray(list) && list.length > MAX_PARTICIPANTS) throw tooLarge(`at most ${MAX_PARTICIPANTS} participants a request`);
    const parsed = upsertParticipantsBody.safeParse(body);
    const problems = parsed.success ? [] : fieldProblems(parsed.error);
    const rows = Array.isArray(list) ? (list as { id?: unknown; team?: unknown }[]) : [];
    const teamKeys = new Set((await c.var.db.select({ key: teams.key }).from(teams).where(eq(teams.programId, program.id))).map((t) => t.key));
    const seen = new Set<unknown>();
    rows.forEach((p, i) => {
      if (typeof p?.id === "string" && seen.has(p.id)) problems.push({ path: `participants[${i}].id`, message: `"${p.id}" appears more than once` });
      seen.add(p?.id);
      if (typeof p?.team === "string" && !teamKeys.has(p.team)) problems.push({ path: `participants[${i}].team`, message: `no team "${p.team}" in this program` });
    });
    const ids = rows.map((p) => p?.id).filter((id): id is string => typeof id === "string");
    const existing = await existingIds(c.var.db, program.id, ids);
    return c.json({ valid: problems.length === 0, problems, existing: ids.filter((id) => existing.has(id)) });
  })
  .get("/programs/:program/participants/:id/history", async (c) => {
    const program = await programOf(c);
    const participant = await findParticipantOf(c, program);
    requireSelf(c.var.principal, program, participant?.pk ?? null, true);
    if (!participant) throw notFound("participant");
    const q = validate(historyQuery, c.req.query());
    const weeks: Period[] = [resolvePeriod("week", q.at, program.timeZone, c.var.now)];
    while (weeks.length < q.weeks) weeks.unshift(previousWeek(weeks[0]));
    const labels = weeks.map((w) => w.label);
    const teamRows = await c.var.db.select().from(teams).where(eq(teams.programId, program.id));
    const teamKeys =
      participant.teamKey === null ? [] : subtreeOf(teamRows.map((t) => ({ key: t.key, parent: t.parentKey })), participant.teamKey);
    const [own, sums, count] = await Promise.all([
      scoresByLabel(c.var.db, participant.pk, labels),
      teamSumsByLabel(c.var.db, program.id, teamKeys, labels),
      rankedCount(c.var.db, program.id, teamKeys),
    ]);
    return c.json({
      id: participant.id,
      team: participant.teamKey,
      teamName: teamRows.find((t) => t.key === participant.teamKey)?.name ?? null,
      teamMembers: count,
      weeks: weeks.map((w) => ({
        ...describePeriod(w, program.timeZone),
        score: fromTenThousandths(own.get(w.label) ?? 0),
        teamMean: count === 0 ? null : fromTenThousandths(teamScore({ sum: sums.get(w.label) ?? 0, count }, "mean")),
      })),
    });
  })
  .get("/programs/:program/dashboard", async (c) => {
    const program = await programOf(c);
    requireAdmin(c.var.principal, program);
    const q = validate(dashboardQuery, c.req.query());
    const week = resolvePeriod("week", q.at, program.timeZone, c.var.now);
    const today = localDateOf(c.var.now, program.timeZone);
    const db = c.var.db;
    const [people, figures, perTeam, teamRows, metricRows, targetRows] = await Promise.all([
      participation(db, program.id, week.firstDay!, week.endDay!),
      teamMetricFigures(db, program.id, week.firstDay!, week.endDay!),
      rankedPerTeam(db, program.id),
      db.select().from(teams).where(eq(teams.programId, program.id)).orderBy(asc(teams.position)),
      db
        .select()
        .from(metrics)
        .where(and(eq(metrics.programId, program.id), isNull(metrics.archivedAt)))
        .orderBy(asc(metrics.position)),
      db
        .select()
        .from(targets)
        .where(and(eq(targets.programId, program.id), eq(targets.subjectType, "team")))
        .orderBy(asc(targets.position)),
    ]);
    const tree = teamRows.map((t) => ({ key: t.key, parent: t.parentKey }));
    const members = new Map(perTeam.map((r) => [r.team, r.n]));
    const cell = (team: string, metric: string) => figures.find((f) => f.team === team && f.metric === metric);
    const teamTargets = await Promise.all(
      targetRows.map(async (t) => {
        const period = targetPeriod(t.period, week, today);
        const keys = subtreeOf(tree, t.subjectKey);
        const actualT =
          t.metricKey === null
            ? teamTargetActual(await memberScores(db, program.id, keys, period.label), null, program.teamAggregation)
            : actualFromUnits(
                (await memberCappedUnits(db, program.id, keys, t.metricKey, period.firstDay!, period.endDay!)).reduce((a, b) => a + b, 0),
              );
        const { start, end } = periodInstants(period, program.timeZone)!;
        return {
          key: t.key,
          team: t.subjectKey,
          teamName: teamRows.find((x) => x.key === t.subjectKey)?.name ?? t.subjectKey,
          metric: t.metricKey,
          period: describePeriod(period, program.timeZone),
          value: fromHundredths(t.valueH),
          ...measureTarget(t.valueH, actualT, start, end, c.var.now),
        };
      }),
    );
    return c.json({
      program: program.slug,
      week: describePeriod(week, program.timeZone),
      participation: {
        participants: people.participants,
        optedIn: people.optedIn,
        optedInShare: people.participants === 0 ? null : Math.round((1000 * people.optedIn) / people.participants) / 1000,
        ranked: people.ranked,
        activeThisWeek: people.active,
        activeShare: people.participants === 0 ? null : Math.round((1000 * people.active) / people.participants) / 1000,
      },
      heatmap: {
        metrics: metricRows.map((m) => ({ key: m.key, name: m.name, indicator: m.indicator })),
        teams: teamRows
          .filter((t) => members.has(t.key) || figures.some((f) => f.team === t.key))
          .map((t) => ({
            key: t.key,
            name: t.name,
            members: members.get(t.key) ?? 0,
            cells: metricRows.map((m) => {
              const f = cell(t.key, m.key);
              return { metric: m.key, points: fromTenThousandths(f?.points ?? 0), cappedUnits: fromHundredths(f?.cappedH ?? 0) };
            }),
          })),
      },
      targets: teamTargets,
    });
  });
