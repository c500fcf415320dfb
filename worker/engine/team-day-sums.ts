/**
 * Each team's own daily figures (its ranked participants' capped units of one metric, or their
 * lead points), kept between reads. A dashboard's forecasts read the eight weeks before each
 * target's period and the period itself, for every team: at 100,000 participants that is millions
 * of rollups a read. A day is read again only after a write changed it; a change of who is ranked,
 * or of a ranked participant's team, forgets every day (boards.ts calls these as boards move).
 */
import type { Roster } from "./roster";
import type { Storage } from "./storage";
import { teamDailySums } from "./insights-reads";

/** Team → figure, of one day and one metric (null: lead points). */
type TeamFigures = Map<string, number>;

export class TeamDaySums {
  /** By metric id (`points` for lead points), then by day. */
  private readonly held = new Map<string, Map<string, TeamFigures>>();

  /** Each team's figures per day over `days`, reading from storage only the days not held. */
  read(storage: Storage, roster: Roster, days: readonly string[], metricId: number | null): Map<string, Map<string, number>> {
    const key = metricId === null ? "points" : String(metricId);
    const byDay = this.held.get(key) ?? this.held.set(key, new Map()).get(key)!;
    const missing = days.filter((day) => !byDay.has(day));
    if (missing.length > 0) {
      const unranked = [...roster.all()].filter((p) => !p.ranked).map((p) => p.pk);
      for (const day of missing) byDay.set(day, new Map());
      for (const { team, day, total } of teamDailySums(storage, missing, metricId, unranked)) byDay.get(day)!.set(team, total);
    }
    const byTeam = new Map<string, Map<string, number>>();
    for (const day of days) {
      for (const [team, total] of byDay.get(day)!) {
        const series = byTeam.get(team) ?? byTeam.set(team, new Map()).get(team)!;
        series.set(day, total);
      }
    }
    return byTeam;
  }

  /** Forgets the days a write changed. */
  forgetDays(days: Iterable<string>): void {
    const changed = new Set(days);
    for (const byDay of this.held.values()) for (const day of changed) byDay.delete(day);
  }

  clear(): void {
    this.held.clear();
  }
}
