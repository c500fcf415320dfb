/**
 * Random worlds for the property tests. Instants cluster around an anchor — a DST change of the
 * zone (events within an hour of it), the 2026/2027 year boundary (2026-W53 → 2027-W01), a quarter
 * end or a leap day — so that days, weeks, caps and streaks collide often.
 */
import fc from "fast-check";
import { addDays, localDay, transitions } from "./reference-calendar";
import type { Query, World, WorldEvent, WorldParticipant } from "./reference";

export const ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;

const dstChanges = new Map<string, number[]>();

/** The zone's offset changes in 2025–2028 (none for Asia/Kolkata). */
export function dstChangesOf(timeZone: string): number[] {
  let found = dstChanges.get(timeZone);
  if (!found) {
    found = transitions(timeZone, Date.UTC(2025, 0, 1), Date.UTC(2029, 0, 1));
    dstChanges.set(timeZone, found);
  }
  return found;
}

export function anchorsOf(timeZone: string): number[] {
  return [
    ...dstChangesOf(timeZone),
    Date.UTC(2026, 11, 31, 12), // Thursday of 2026-W53
    Date.UTC(2027, 0, 3, 23), // the last hours of 2026-W53, or 2027-W01 east of UTC
    Date.UTC(2026, 2, 31, 12), // Q1 → Q2
    Date.UTC(2028, 1, 29, 12), // leap day
  ];
}

/**
 * An instant near the anchor: within an hour (on the minute, or to the millisecond), within ten days
 * on a 15-minute grid, or at one of a few times of day on one of those days (runs of days, for streaks).
 */
const near = (anchor: number) =>
  fc.oneof(
    fc.integer({ min: -60, max: 60 }).map((m) => anchor + m * MINUTE),
    fc.integer({ min: -60 * MINUTE, max: 60 * MINUTE }).map((ms) => anchor + ms),
    fc.integer({ min: -960, max: 960 }).map((q) => anchor + q * 15 * MINUTE),
    fc.tuple(fc.integer({ min: -4, max: 4 }), fc.constantFrom(0, 3, 9, 23)).map(([d, h]) => anchor + d * DAY + h * 3_600_000),
  );

const decimal = (...values: number[]) => fc.constantFrom(...values);

const TEAM_KEYS = ["emea", "uk", "uk-london", "a b", "é", "𝒜", "\uff21", "z"];
const IDS = ["p1", "p10", "p2", "P", "é", "e\u0301", "\uff21x", "𝒜", "😀", "a", "z~"];
const METRIC_KEYS = ["calls", "posts", "notes", "deals"];

export function worldArb(timeZone: string): fc.Arbitrary<{ world: World; queries: Query[] }> {
  return fc.constantFrom(...anchorsOf(timeZone)).chain((anchor) => {
    const anchorDay = localDay(anchor, timeZone);
    const dayNear = (spread: number) => fc.integer({ min: -spread, max: spread }).map((n) => addDays(anchorDay, n));

    const put = fc.record({
      points: decimal(0, 0.5, 1, 1.25, 2, 3.33, 10),
      dailyCap: fc.option(decimal(0.75, 1, 2.5, 3), { nil: null }),
      effectiveFrom: fc.option(dayNear(12), { nil: null }),
      today: dayNear(12),
    });
    const metrics = fc.shuffledSubarray(METRIC_KEYS, { minLength: 1 }).chain((keys) =>
      fc.tuple(
        ...keys.map((key) =>
          fc.record({
            key: fc.constant(key),
            indicator: fc.constantFrom("lead" as const, "lead" as const, "lag" as const),
            aggregation: fc.constantFrom("count" as const, "sum" as const),
            puts: fc.array(put, { minLength: 1, maxLength: 4 }),
          }),
        ),
      ),
    );
    // A forest: each team's parent is null or a team listed before it.
    const teams = fc
      .shuffledSubarray(TEAM_KEYS, { maxLength: 6 })
      .chain((keys) => fc.tuple(fc.constant(keys), fc.array(fc.nat(), { minLength: keys.length, maxLength: keys.length })))
      .map(([keys, picks]) => keys.map((key, i) => ({ key, parent: picks[i] % (i + 1) === 0 ? null : keys[(picks[i] % (i + 1)) - 1] })));

    return fc
      .tuple(metrics, teams, fc.shuffledSubarray(IDS, { minLength: 1, maxLength: 7 }))
      .chain(([ms, ts, ids]) => {
        const participant = (id: string): fc.Arbitrary<WorldParticipant> =>
          fc.record({
            id: fc.constant(id),
            team: fc.option(fc.constantFrom(...ts.map((t) => t.key), "ghost"), { nil: null }),
            cohort: fc.option(fc.constantFrom("London", "SMB"), { nil: null }),
            // Mostly opted in early, then toggled now and then; a stable sort keeps history order.
            toggles: fc
              .tuple(
                fc.constantFrom([], [{ at: anchor - 11 * DAY, optedIn: true }], [{ at: anchor - 11 * DAY, optedIn: true }]),
                fc.array(fc.record({ at: near(anchor), optedIn: fc.boolean() }), { maxLength: 3 }),
              )
              .map(([first, more]) => [...first, ...more].sort((a, b) => a.at - b.at)),
          });
        return fc.tuple(fc.tuple(...ids.map(participant)), fc.constant(ms), fc.constant(ts));
      })
      .chain(([participants, ms, ts]) => {
        const toggleInstants = participants.flatMap((p) => p.toggles.map((t) => t.at));
        const occurredAt = toggleInstants.length > 0 ? fc.oneof(near(anchor), fc.constantFrom(...toggleInstants)) : near(anchor);
        const event: fc.Arbitrary<WorldEvent> = fc
          .record({
            participant: fc.constantFrom(...participants.map((p) => p.id)),
            metric: fc.constantFrom(...ms),
            occurredAt,
            hundredths: fc.integer({ min: 0, max: 500 }),
          })
          .map(({ participant, metric, occurredAt, hundredths }) => ({
            participant,
            metric: metric.key,
            occurredAt,
            value: metric.aggregation === "count" ? 1 : hundredths / 100,
          }));
        const subject = fc.oneof(
          fc.constantFrom(...participants.map((p) => ({ participant: p.id }))),
          ...(ts.length > 0 ? [fc.constantFrom(...ts.map((t) => ({ team: t.key })))] : []),
        );
        const targets = fc.uniqueArray(
          fc.record({
            key: fc.constantFrom("t1", "t2", "t3", "t4", "t5"),
            subject,
            metric: fc.option(fc.constantFrom(...ms.map((m) => m.key)), { nil: null }),
            period: fc.constantFrom("week" as const, "month" as const, "quarter" as const),
            value: decimal(0.01, 1, 2.5, 10, 40, 123.45),
          }),
          { maxLength: 5, selector: (t) => t.key },
        );
        const query = fc.record({
          kind: fc.constantFrom("day" as const, "week" as const, "month" as const, "quarter" as const, "all" as const),
          day: dayNear(40),
        });
        return fc
          .record({
            events: fc.array(event, { maxLength: 60, size: "max" }),
            targets,
            requireOptIn: fc.boolean(),
            teamAggregation: fc.constantFrom("sum" as const, "mean" as const),
            // After everything that happened, or in the middle of it (dropping what is still to come).
            clock: fc.oneof(
              fc.integer({ min: 0, max: 96 }).map((q) => ({ after: true, offset: q * 15 * MINUTE })),
              fc.integer({ min: 0, max: 12 * 96 }).map((q) => ({ after: true, offset: q * 15 * MINUTE })),
              fc.integer({ min: -96, max: 4 * 96 }).map((q) => ({ after: false, offset: q * 15 * MINUTE + 7 * MINUTE })),
            ),
            queries: fc.array(query, { minLength: 1, maxLength: 4 }),
          })
          .map(({ events, targets, requireOptIn, teamAggregation, clock, queries }) => {
            // Events may be up to 5 minutes ahead of the clock; toggles are never in the future.
            const floor = Math.max(anchor - 11 * DAY, ...events.map((e) => e.occurredAt - 5 * MINUTE), ...toggleInstants);
            const now = clock.after ? floor + clock.offset : anchor + clock.offset;
            const world: World = {
              timeZone,
              requireOptIn,
              teamAggregation,
              metrics: ms,
              teams: ts,
              participants: participants.map((p) => ({ ...p, toggles: p.toggles.filter((t) => t.at <= now) })),
              events: events.filter((e) => e.occurredAt <= now + 5 * MINUTE),
              targets,
              now,
            };
            return { world, queries };
          });
      });
  });
}
