/**
 * The scoring modules, composed as the worker composes them (pipeline.ts), against the naive
 * reference (reference.ts) on random worlds in four zones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDateOf, periodInstants } from "../../scoring/periods";
import { Pipeline } from "./pipeline";
import * as ref from "./reference";
import { addDays, bounds, firstInstant, label, localDay } from "./reference-calendar";
import { ZONES, dstChangesOf, worldArb } from "./worlds";

/** Worlds per property and zone; raise SCORING_RUNS for a deeper search. */
const RUNS = Number(process.env.SCORING_RUNS ?? 20);

/** The queries of a case plus today's periods and those of the first event's day. */
function queriesOf(world: ref.World, queries: ref.Query[]): ref.Query[] {
  const days = [ref.today(world), ...world.events.slice(0, 1).map((e) => localDay(e.occurredAt, world.timeZone))];
  const kinds = ["day", "week", "month", "quarter", "all"] as const;
  return [...queries, ...days.flatMap((day) => kinds.map((kind) => ({ kind, day })))];
}

const num = (t: bigint) => Number(t) / 10_000;

describe.each(ZONES)("scoring in %s", (timeZone) => {
  const worlds = worldArb(timeZone);

  it("has the DST changes the tests rely on", () => {
    expect(dstChangesOf(timeZone).length).toBe(timeZone === "Asia/Kolkata" ? 0 : 8);
  });

  it("puts events on the local day Intl gives them, and bounds periods as counted day by day", () => {
    fc.assert(
      fc.property(worlds, ({ world, queries }) => {
        const pipeline = new Pipeline(world);
        world.events.forEach((e, i) => {
          const day = localDay(e.occurredAt, timeZone);
          expect(pipeline.eventDays[i]).toBe(day);
          expect(localDateOf(e.occurredAt, timeZone)).toBe(day);
        });
        for (const q of queriesOf(world, queries)) {
          const byDate = pipeline.period(q.kind, q.day);
          expect(pipeline.period(q.kind, label(q.kind, q.day))).toEqual(byDate);
          expect(byDate.label).toBe(label(q.kind, q.day));
          if (q.kind === "all") continue;
          const { first, end } = bounds(q.kind, q.day);
          expect([byDate.firstDay, byDate.endDay]).toEqual([first, end]);
          expect(periodInstants(byDate, timeZone)).toEqual({ start: firstInstant(first, timeZone), end: firstInstant(end, timeZone) });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("scores every participant and metric as the sum of capped, weighted days", () => {
    fc.assert(
      fc.property(worlds, ({ world, queries }) => {
        const pipeline = new Pipeline(world);
        for (const q of queriesOf(world, queries)) {
          const period = pipeline.period(q.kind, q.day);
          for (const p of world.participants) {
            expect(pipeline.score(p.id, period)).toBe(Number(ref.scoreOver(world, p.id, ref.inQuery(q))));
            const expected = world.metrics.map((m) => {
              const t = ref.metricTotals(world, p.id, m.key, ref.inQuery(q));
              return {
                metric: m.key,
                indicator: m.indicator,
                units: Number(t.units) / 100,
                cappedUnits: Number(t.capped) / 100,
                points: num(t.points),
              };
            });
            expect(pipeline.byMetric(p.id, period)).toEqual(expected);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("ranks boards, cohorts, teams and the Power 100 included, with 1224 ranks and percentiles", () => {
    fc.assert(
      fc.property(worlds, ({ world, queries }) => {
        const pipeline = new Pipeline(world);
        for (const q of queriesOf(world, queries)) {
          const period = pipeline.period(q.kind, q.day);
          for (const cohort of [null, "London", "SMB"]) {
            const expected = ref.board(world, q, cohort).map((e) => ({ ...e, score: Number(e.score) }));
            expect(pipeline.board(period, cohort)).toEqual(expected);
          }
          // Teams: the sum or rounded mean of their subtree's ranked members.
          const teams = ref.teamBoard(world, q).map((e) => ({ ...e, score: Number(e.score) }));
          expect(pipeline.teamBoard(period)).toEqual(teams);
          if (q.kind !== "week") continue;
          // The Power 100 of the week, beside the week before.
          const weekScores = (day: string) => new Map(ref.ranked(world).map((p) => [p.id, ref.scoreOver(world, p.id, ref.inQuery({ kind: "week", day }))]));
          const report = ref.powerReport(weekScores(q.day), weekScores(addDays(q.day, -7)));
          const entries = report.entries.map((e) => ({ ...e, score: Number(e.score), scoreChange: Number(e.scoreChange) }));
          expect(pipeline.powerReport(period)).toEqual({ ...report, entries });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("counts current and longest streaks", () => {
    fc.assert(
      fc.property(worlds, ({ world }) => {
        const pipeline = new Pipeline(world);
        for (const p of world.participants) expect(pipeline.streak(p.id)).toEqual(ref.streak(world, p.id));
      }),
      { numRuns: RUNS },
    );
  });

  it("measures participant and team targets over the right period", () => {
    fc.assert(
      fc.property(worlds, ({ world, queries }) => {
        const pipeline = new Pipeline(world);
        const subjects = [...world.participants.map((p) => ({ participant: p.id })), ...world.teams.map((t) => ({ team: t.key }))];
        for (const q of queriesOf(world, queries)) {
          const period = pipeline.period(q.kind, q.day);
          for (const subject of subjects) {
            const expected = ref.targetsOf(world, subject, q).map((t) => ({
              key: t.key,
              label: t.label,
              start: t.start,
              end: t.end,
              actual: num(t.actualT),
              attainment: num(t.attainmentT),
              expected: num(t.expectedT),
              status: t.status,
            }));
            expect(pipeline.targets(subject, period)).toEqual(expected);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
