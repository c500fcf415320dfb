/**
 * Power 100 figures against the naive reference (test/scoring/reference.ts) on random worlds:
 * four zones, weeks at a year boundary and at DST changes, capped and decimal metrics, a lag
 * metric, opt-outs after the fact, ids whose code-point order is not their UTF-16 order, and
 * events right at the week boundaries. Each run builds the world through the API at fixed clocks.
 */
import fc from "fast-check";
import { expect, it, vi } from "vitest";
import { type World, type WorldMetric, powerReport as referenceReport, ranked, scoreOver } from "../scoring/reference";
import { addDays, firstInstant, label, localDay } from "../scoring/reference-calendar";
import { DAY, MINUTE, clocked, generated, iso, participantsAt, postAt, programAt } from "./weekly";

// Many API calls a test: on a machine busy with other suites they outlast the 5-second default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const ZONES = ["Pacific/Auckland", "Europe/London", "America/Los_Angeles", "Asia/Kolkata"] as const;

/** The Monday of each week tried: a year boundary both ways, and weeks holding DST changes. */
const MONDAYS: Record<string, string> = {
  "2026-W53": "2026-12-28",
  "2027-W01": "2027-01-04",
  "2026-W13": "2026-03-23", // Europe/London springs forward on Sunday 29 March
  "2026-W14": "2026-03-30", // Pacific/Auckland falls back on Sunday 5 April
  "2026-W45": "2026-11-02", // America/Los_Angeles fell back on Sunday 1 November, the day before
  "2026-W39": "2026-09-21", // Pacific/Auckland springs forward on Sunday 27 September
};

const METRICS = [
  { key: "tweet", name: "Tweets", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5 },
  { key: "call-prep", name: "Call preparation", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: null },
  { key: "bonus", name: "Bonus", indicator: "lead", aggregation: "sum", points: 1.25, dailyCap: 3.5 },
  { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "sum", points: 0, dailyCap: null },
] as const;

const IDS = ["p1", "p10", "p2", "P", "é", "e\u0301", "𝒜", "😀", "\uff21x", "a", "z~", "b"];

const worldArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  week: fc.constantFrom(...Object.keys(MONDAYS)),
  requireOptIn: fc.boolean(),
  people: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...IDS),
      team: fc.constantFrom(null, "uk", "emea"),
      cohort: fc.constantFrom(null, "London", "SMB"),
      optsOut: fc.constantFrom(false, false, false, true),
    }),
    { minLength: 2, maxLength: 10, selector: (p) => p.id },
  ),
  events: fc.array(
    fc.record({
      who: fc.nat(),
      metric: fc.nat({ max: METRICS.length - 1 }),
      // Somewhere in the two weeks and a day either side, or within 90 minutes of a week boundary.
      when: fc.oneof(
        fc.integer({ min: 0, max: (16 * DAY) / (15 * MINUTE) }).map((q) => ({ boundary: -1, offset: q * 15 * MINUTE - DAY })),
        fc.record({ boundary: fc.constantFrom(0, 1, 2), offset: fc.integer({ min: -90, max: 90 }).map((m) => m * MINUTE) }),
      ),
      value: fc.constantFrom(1, 0.5, 2.25, 3, 10, 0.01, 7.77),
    }),
    { minLength: 20, maxLength: 80 },
  ),
});

it("matches the naive reference on random worlds", async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, async ({ zone, week, requireOptIn, people, events }) => {
      const monday = MONDAYS[week];
      expect(label("week", monday)).toBe(week);
      const previousMonday = addDays(monday, -7);
      const boundaries = [previousMonday, monday, addDays(monday, 7)].map((day) => firstInstant(day, zone));
      const created = boundaries[0] - 3 * DAY;
      const now = boundaries[2] + 2 * DAY;

      const clock = clocked(created);
      const p = await programAt(clock, { timezone: zone, requireOptIn, metrics: METRICS });
      await participantsAt(
        clock,
        p,
        people.map(({ id, team, cohort }) => ({ id, team, cohort, displayName: `${id} name` })),
        requireOptIn,
      );

      const posted = events.map((e) => {
        const metric = METRICS[e.metric];
        const at = (e.when.boundary < 0 ? boundaries[0] : boundaries[e.when.boundary]) + e.when.offset;
        return {
          participant: people[e.who % people.length].id,
          metric: metric.key,
          occurredAt: iso(at),
          ...(metric.aggregation === "sum" ? { value: e.value } : {}),
        };
      });
      clock.set(now - 1000);
      if (posted.length) await postAt(clock, p, posted);
      for (const person of people.filter((x) => x.optsOut)) {
        const res = await clock.call("POST", `${p.base}/participants/${encodeURIComponent(person.id)}/opt-out`, { key: p.adminKey, body: {} });
        expect(res.status).toBe(200);
      }

      clock.set(now);
      const r = await generated(clock.call, p, week);

      const world: World = {
        timeZone: zone,
        requireOptIn,
        teamAggregation: "mean",
        metrics: METRICS.map(
          (m): WorldMetric => ({
            key: m.key,
            indicator: m.indicator,
            aggregation: m.aggregation,
            puts: [{ points: m.points, dailyCap: m.dailyCap, effectiveFrom: null, today: localDay(created, zone) }],
          }),
        ),
        teams: [],
        participants: people.map((x) => ({
          id: x.id,
          team: x.team,
          cohort: x.cohort,
          toggles: requireOptIn ? [{ at: Date.parse("2020-01-01T00:00:00Z"), optedIn: true }, ...(x.optsOut ? [{ at: now - 1000, optedIn: false }] : [])] : [],
        })),
        events: posted.map((e) => ({ participant: e.participant, metric: e.metric, occurredAt: Date.parse(e.occurredAt), value: e.value ?? 1 })),
        targets: [],
        now,
      };
      const weekScores = (of: string) => new Map(ranked(world).map((x) => [x.id, scoreOver(world, x.id, (day) => label("week", day) === of)]));
      const ref = referenceReport(weekScores(week), weekScores(label("week", previousMonday)));

      expect(r.period).toEqual({ kind: "week", label: week, start: iso(boundaries[1]), end: iso(boundaries[2]) });
      expect(r.generatedAt).toBe(iso(now));
      expect(r.total).toBe(ref.total);
      expect(r.entries.map((e: any) => [e.rank, e.id, e.score, e.previousRank, e.rankChange, e.scoreChange])).toEqual(
        ref.entries.map((e) => [e.rank, e.id, Number(e.score) / 10_000, e.previousRank, e.rankChange, Number(e.scoreChange) / 10_000]),
      );
      for (const e of r.entries) {
        const person = people.find((x) => x.id === e.id)!;
        expect(e).toMatchObject({ displayName: `${e.id} name`, team: person.team, cohort: person.cohort });
      }
      expect(r.movers).toEqual(ref.movers);
      expect(r.newEntries).toEqual(ref.newEntries);
    }),
    { numRuns: 12 },
  );
});
