/**
 * The scoring modules composed the way the worker composes them: weight versions from the PUTs,
 * events filtered by opt-in, local days from localDater, daily units summed, then scores, boards,
 * teams, streaks and targets. The property tests hold this against the reference.
 */
import { Temporal } from "temporal-polyfill";
import { toHundredths } from "../../scoring/decimal";
import { isRanked, optedInAt } from "../../scoring/optin";
import { type Period, type PeriodKind, localDateOf, localDater, parsePeriod, periodInstants } from "../../scoring/periods";
import { rankEntries } from "../../scoring/ranking";
import { withPercentiles } from "./reference/ranking";
import { type DailyUnits, type ScoredMetric, byMetric, pointsByDay, sumFigures } from "../../scoring/score";
import { periodScore } from "./reference/score";
import { countingDays, streakOf } from "../../scoring/streaks";
import { actualFromScore, actualFromUnits, measureTarget, targetPeriod } from "../../scoring/targets";
import { teamTargetActual } from "./reference/targets";
import { subtreeOf } from "../../scoring/teams";
import { rankTeams } from "./reference/teams";
import { type WeightVersion, applyWeight } from "../../scoring/weights";
import type { World } from "./reference";
import { powerFromWeeks } from "./power-from-weeks";

const exact = (n: number) => {
  const h = toHundredths(n);
  if (h === null) throw new Error(`not a 2-place decimal: ${n}`);
  return h;
};

export class Pipeline {
  readonly metrics: ScoredMetric[];
  readonly daily = new Map<string, DailyUnits[]>();
  readonly eventDays: string[];
  readonly today: string;

  constructor(readonly world: World) {
    this.metrics = world.metrics.map((m) => {
      let versions: WeightVersion[] = [];
      for (const put of m.puts) {
        const weight = { pointsH: exact(put.points), dailyCapH: put.dailyCap === null ? null : exact(put.dailyCap) };
        versions = applyWeight(versions, weight, put.effectiveFrom, put.today).versions;
      }
      return { key: m.key, indicator: m.indicator, versions };
    });
    const dayOf = localDater(world.timeZone);
    this.eventDays = world.events.map((e) => dayOf(e.occurredAt));
    const sums = new Map<string, Map<string, DailyUnits>>(world.participants.map((p) => [p.id, new Map()]));
    world.events.forEach((e, i) => {
      const p = world.participants.find((x) => x.id === e.participant)!;
      if (world.requireOptIn && !optedInAt(p.toggles, e.occurredAt)) return;
      const aggregation = world.metrics.find((m) => m.key === e.metric)!.aggregation;
      const unitsH = aggregation === "count" ? 100 : exact(e.value);
      const day = this.eventDays[i];
      const rows = sums.get(p.id)!;
      const row = rows.get(`${e.metric} ${day}`) ?? { metric: e.metric, day, unitsH: 0 };
      rows.set(`${e.metric} ${day}`, { ...row, unitsH: row.unitsH + unitsH });
    });
    for (const [id, rows] of sums) this.daily.set(id, [...rows.values()]);
    this.today = localDateOf(world.now, world.timeZone);
  }

  period(kind: PeriodKind, at: string): Period {
    const period = parsePeriod(kind, at);
    if (!period) throw new Error(`no ${kind} period at ${at}`);
    return period;
  }

  score(id: string, period: Period): number {
    return periodScore(this.metrics, this.daily.get(id)!, period);
  }

  byMetric(id: string, period: Period) {
    return byMetric(this.metrics, this.daily.get(id)!, period);
  }

  ranked(cohort: string | null = null) {
    const { requireOptIn, now } = this.world;
    return this.world.participants.filter((p) => isRanked(requireOptIn, p.toggles, now) && (cohort === null || p.cohort === cohort));
  }

  board(period: Period, cohort: string | null = null) {
    return withPercentiles(rankEntries(this.ranked(cohort).map((p) => ({ id: p.id, score: this.score(p.id, period) }))));
  }

  teamBoard(period: Period) {
    const members = this.ranked().map((p) => ({ team: p.team, score: this.score(p.id, period) }));
    return rankTeams(this.world.teams, members, this.world.teamAggregation);
  }

  /** The Power 100 of a week, beside the week before it. */
  powerReport(week: Period) {
    const before = this.period("week", Temporal.PlainDate.from(week.firstDay!).subtract({ days: 7 }).toString());
    const scoresIn = (period: Period) => this.ranked().map((p) => ({ id: p.id, score: this.score(p.id, period) }));
    return powerFromWeeks(scoresIn(week), scoresIn(before));
  }

  streak(id: string) {
    return streakOf(countingDays(pointsByDay(this.metrics, this.daily.get(id)!)), this.today);
  }

  targets(subject: { participant: string } | { team: string }, queried: Period) {
    const { world } = this;
    const subtree = "team" in subject ? subtreeOf(world.teams, subject.team) : [];
    const memberIds =
      "participant" in subject
        ? [subject.participant]
        : this.ranked()
            .filter((p) => p.team !== null && subtree.includes(p.team))
            .map((p) => p.id);
    return world.targets
      .filter((t) => JSON.stringify(t.subject) === JSON.stringify(subject))
      .map((t) => {
        const period = targetPeriod(t.period, queried, this.today);
        const { start, end } = periodInstants(period, world.timeZone)!;
        const actuals = memberIds.map((id) => {
          if (t.metric === null) return actualFromScore(this.score(id, period));
          const figures = sumFigures(this.metrics, this.daily.get(id)!, period).get(t.metric);
          return actualFromUnits(figures?.cappedH ?? 0);
        });
        const actualT = "participant" in subject ? actuals[0] : teamTargetActual(actuals, t.metric, world.teamAggregation);
        return { key: t.key, label: period.label, start, end, ...measureTarget(exact(t.value), actualT, start, end, world.now) };
      });
  }
}
