/**
 * The manager insights' reads of the engine's SQLite: rollups summed in SQL per participant, week
 * and metric, or per day over a set of participants, so an insight over a year of history holds
 * one row per participant-week and metric in memory rather than one per day. The rollups' key
 * starts with the day, so each read is one range of it.
 */
import { Temporal } from "temporal-polyfill";
import type { Period } from "../../scoring/periods";
import type { Storage } from "./storage";

/** One participant's figures of one metric over one week of a span: units and capped units in hundredths, points in ten-thousandths. */
export interface WeeklyRollup {
  participantPk: number;
  metricId: number;
  /** The week's index in the span, from 0. */
  week: number;
  unitsH: number;
  cappedH: number;
  points: number;
}

/** Consecutive ISO weeks, oldest first, as one span of days. */
export function spanOf(weeks: readonly Period[]): { firstDay: string; endDay: string } {
  return { firstDay: weeks[0].firstDay!, endDay: weeks.at(-1)!.endDay! };
}

const read = <T>(storage: Storage, query: string, ...params: SqlStorageValue[]) =>
  storage.durable.sql.exec<T & Record<string, SqlStorageValue>>(query, ...params).toArray() as T[];

/** Rollups of consecutive weeks (oldest first) summed per participant, week and metric; only `metricIds` where given. */
export function weeklyRollups(storage: Storage, weeks: readonly Period[], metricIds: readonly number[] | null = null): WeeklyRollup[] {
  const { firstDay, endDay } = spanOf(weeks);
  return read<WeeklyRollup>(
    storage,
    `SELECT participant_pk AS participantPk, metric_id AS metricId,
       CAST((julianday(day) - julianday(?)) / 7 AS INTEGER) AS week,
       SUM(units_h) AS unitsH, SUM(capped_h) AS cappedH, SUM(points) AS points
     FROM rollups
     WHERE day >= ? AND day < ? AND (? IS NULL OR metric_id IN (SELECT value FROM json_each(?)))
     GROUP BY participant_pk, metric_id, week`,
    firstDay,
    firstDay,
    endDay,
    metricIds === null ? null : 1,
    JSON.stringify(metricIds ?? []),
  );
}

/** Per team and local day of `days`: as dailySums, over the team's own participants but those in `excludedPks`. */
export function teamDailySums(storage: Storage, days: readonly string[], metricId: number | null, excludedPks: readonly number[]) {
  if (days.length === 0) return [];
  return read<{ team: string; day: string; total: number }>(
    storage,
    `SELECT p.team_key AS team, r.day, ${metricId === null ? "SUM(r.points)" : "SUM(r.capped_h)"} AS total
     FROM rollups r JOIN participants p ON p.pk = r.participant_pk
     WHERE r.day IN (SELECT value FROM json_each(?)) AND (? IS NULL OR r.metric_id = ?) AND p.team_key IS NOT NULL
       AND r.participant_pk NOT IN (SELECT value FROM json_each(?))
     GROUP BY p.team_key, r.day`,
    JSON.stringify(days),
    metricId,
    metricId,
    JSON.stringify(excludedPks),
  );
}

/** Per local day of [firstDay, endDay): the capped units of one metric (hundredths), or the lead points (ten-thousandths) where `metricId` is null, summed over the participants (everyone where null). */
export function dailySums(
  storage: Storage,
  range: { firstDay: string; endDay: string },
  participantPks: readonly number[] | null,
  metricId: number | null,
): Map<string, number> {
  if (participantPks?.length === 0 || range.firstDay >= range.endDay) return new Map();
  const rows = read<{ day: string; total: number }>(
    storage,
    `SELECT day, ${metricId === null ? "SUM(points)" : "SUM(capped_h)"} AS total
     FROM rollups
     WHERE day >= ? AND day < ? AND (? IS NULL OR metric_id = ?)
       AND (? IS NULL OR participant_pk IN (SELECT value FROM json_each(?)))
     GROUP BY day`,
    range.firstDay,
    range.endDay,
    metricId,
    metricId,
    participantPks === null ? null : 1,
    JSON.stringify(participantPks ?? []),
  );
  return new Map(rows.map((r) => [r.day, r.total]));
}

/** Capped units in hundredths per day and metric, with the index of the day's period in `periods` (consecutive, oldest first), over the participants (all where null). */
export function rollupsByPeriod(
  storage: Storage,
  periods: readonly Period[],
  metricIds: readonly number[],
  participantPks: readonly number[] | null,
): { day: string; periodIndex: number; metricId: number; cappedH: number }[] {
  const bounds = periods.map((p) => p.firstDay!);
  const rows = read<{ day: string; metricId: number; cappedH: number }>(
    storage,
    `SELECT day, metric_id AS metricId, SUM(capped_h) AS cappedH
     FROM rollups
     WHERE day >= ? AND day < ? AND metric_id IN (SELECT value FROM json_each(?))
       AND (? IS NULL OR participant_pk IN (SELECT value FROM json_each(?)))
     GROUP BY day, metric_id`,
    periods[0].firstDay!,
    periods.at(-1)!.endDay!,
    JSON.stringify(metricIds),
    participantPks === null ? null : 1,
    JSON.stringify(participantPks ?? []),
  );
  return rows.map((r) => ({ day: r.day, periodIndex: lastIndexAtOrBefore(bounds, r.day), metricId: r.metricId, cappedH: r.cappedH }));
}

/** The index of the last bound ≤ day (bounds ascending, day ≥ bounds[0]). */
function lastIndexAtOrBefore(bounds: readonly string[], day: string): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid] <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The local date `days` after (or before, negative) `day`. */
export const addDays = (day: string, days: number): string => Temporal.PlainDate.from(day).add({ days }).toString();
