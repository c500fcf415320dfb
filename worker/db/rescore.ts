/**
 * Keeping points right when weights change: re-derive the daily points of a metric from a day on,
 * then rebuild the period scores that hold those days, with their team sums and rank counts. Both run inside the caller's batch.
 */
import { type SQL, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { labelsOfDay, periodOf } from "../../scoring/periods";
import { json } from "./client";
import { recountScores } from "./score-counts";
import { recomputeTeamScores } from "./team-scores";

/**
 * Sets capped units and points of a program's daily rollups from the version that scores each day.
 * `where` narrows the rows (e.g. to the keys an ingest batch touched); `d` is daily_rollups.
 */
export const scoreDailyRollups = (programId: SQL | number, where: SQL): SQL => sql`
  UPDATE daily_rollups AS d SET
    capped_h = MIN(d.units_h, COALESCE(v.daily_cap_h, d.units_h)),
    points = IIF(m.indicator = 'lead', MIN(d.units_h, COALESCE(v.daily_cap_h, d.units_h)) * v.points_h, 0)
  FROM metrics m JOIN metric_versions v ON v.metric_id = m.id
  WHERE m.id = d.metric_id AND m.program_id = ${programId}
    AND d.day >= v.applies_from AND d.day < v.applies_until
    AND ${where}`;

/**
 * Statements that rebuild the period scores of every period holding a day in [from, to]: the days
 * themselves, their weeks, months and quarters, and `all`; and their team sums.
 */
export function rebuildPeriodScores(programId: SQL | number, from: string, to: string): SQL[] {
  const first = Temporal.PlainDate.from(from);
  const starts = (["week", "month", "quarter"] as const).map((k) => periodOf(k, first).firstDay!);
  const fromLabels = labelsOfDay(from);
  const rows: [string, string][] = [];
  const last = Temporal.PlainDate.from(to);
  for (let d = Temporal.PlainDate.from(starts.sort()[0]); Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) {
    const day = d.toString();
    const labels = labelsOfDay(day);
    if (day >= from) rows.push([day, day]);
    for (const kind of ["week", "month", "quarter"] as const) {
      if (labels[kind] >= fromLabels[kind]) rows.push([day, labels[kind]]);
    }
  }
  const labels = json(rows);
  const insertScores = (source: SQL) => sql`
    INSERT INTO period_scores (participant_pk, period, program_id, participant_id, score, ranked, cohort, team_key)
    SELECT s.participant_pk, s.period, ${programId}, p.id, s.score, p.ranked, p.cohort, p.team_key
    FROM (${source}) s JOIN participants p ON p.pk = s.participant_pk
    WHERE true`;
  const periods = sql`SELECT DISTINCT value->>1 FROM json_each(${labels}) UNION ALL SELECT 'all'`;
  return [
    sql`DELETE FROM period_scores WHERE program_id = ${programId} AND period IN (${periods})`,
    insertScores(sql`
      SELECT d.participant_pk, l.value->>1 AS period, SUM(d.points) AS score
      FROM json_each(${labels}) l JOIN daily_rollups d ON d.program_id = ${programId} AND d.day = l.value->>0
      GROUP BY d.participant_pk, l.value->>1`),
    insertScores(sql`
      SELECT participant_pk, 'all' AS period, SUM(points) AS score
      FROM daily_rollups WHERE program_id = ${programId} GROUP BY participant_pk`),
    ...recomputeTeamScores(programId, periods),
    ...recountScores(programId, periods),
  ];
}
