/**
 * Random worlds (test/scoring/worlds.ts: weight changes, opt-in histories, events clustered around
 * DST changes, year and quarter ends, in four zones) pushed through the HTTP API as a client would,
 * then every board, team board, page walk and score card of a few periods held against the naive
 * recomputation from raw events in test/scoring/reference.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ref from "../scoring/reference";
import { firstInstant, label, localDay } from "../scoring/reference-calendar";
import { ZONES, worldArb } from "../scoring/worlds";
import { apiAt, newOrg, unique } from "./api";
import { type Program, board, score, walk } from "./reads";

/** Worlds in all, over the four zones. */
const RUNS = 6;

/** Team keys of the worlds that a program document takes as they are, or a stand-in that it takes. */
const TEAM_KEYS: Record<string, string> = {
  emea: "emea",
  uk: "uk",
  "uk-london": "uk-london",
  "a b": "a.b",
  é: "e-acute",
  𝒜: "script-a",
  "\uff21": "fullwidth-a",
  z: "z",
};

/**
 * The world as the API can hold it: team keys the document schema accepts, and no participant of
 * a team that does not exist (the world's "ghost" team has no members on any board either way).
 */
function storable(world: ref.World): ref.World {
  const key = (k: string | null) => (k === null ? null : TEAM_KEYS[k]);
  return {
    ...world,
    teams: world.teams.map((t) => ({ key: key(t.key)!, parent: key(t.parent) })),
    participants: world.participants.map((p) => ({ ...p, team: p.team === null || p.team === "ghost" ? null : key(p.team) })),
    targets: world.targets.map((t) => ({ ...t, subject: "team" in t.subject ? { team: key(t.subject.team)! } : t.subject })),
  };
}

const num = (t: bigint) => Number(t) / 10_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Stores the world through the API: metrics PUT by PUT, participants, opt-in toggles, events, weight changes after them. */
async function push(world: ref.World): Promise<Program> {
  let clock = world.now;
  const call = apiAt(() => clock);
  // An instant on the local day (days are at least 23 hours long).
  const onDay = (day: string) => firstInstant(day, world.timeZone) + 6 * 3_600_000;
  const org = await newOrg();
  const slug = unique("ref");
  const p = { ...org, program: slug, base: `/v1/programs/${slug}` };

  // A PUT at `at`, with the metrics so far at their latest weights and `changed` at its PUT's weight.
  const latest = new Map<string, { points: number; dailyCap: number | null }>();
  const putDocument = async (at: number, changed: { metric: ref.WorldMetric; put: ref.WeightPut } | null, withTargets: boolean) => {
    clock = at;
    if (changed) latest.set(changed.metric.key, { points: changed.put.points, dailyCap: changed.put.dailyCap });
    const metrics = world.metrics
      .filter((m) => latest.has(m.key))
      .map((m) => ({
        key: m.key,
        name: m.key,
        indicator: m.indicator,
        aggregation: m.aggregation,
        ...latest.get(m.key),
        ...(changed?.metric === m && changed.put.effectiveFrom ? { effectiveFrom: changed.put.effectiveFrom } : {}),
      }));
    const doc = {
      name: "Reference world",
      timezone: world.timeZone,
      requireOptIn: world.requireOptIn,
      visibility: "private",
      teamAggregation: world.teamAggregation,
      metrics,
      teams: world.teams.map((t) => ({ key: t.key, name: `Team ${t.key}`, parent: t.parent })),
      targets: withTargets ? world.targets : [],
    };
    const res = await call("PUT", p.base, { key: p.adminKey, body: doc });
    expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  };

  // Each metric is created by its first PUT, on that PUT's local day…
  for (const metric of world.metrics) await putDocument(onDay(metric.puts[0].today), { metric, put: metric.puts[0] }, false);

  clock = world.now;
  const upsert = await call("PUT", `${p.base}/participants`, {
    key: p.adminKey,
    body: { participants: world.participants.map((x) => ({ id: x.id, displayName: `Name ${x.id}`, team: x.team, cohort: x.cohort })) },
  });
  expect(upsert.status).toBe(200);
  for (const x of world.participants) {
    for (const t of x.toggles) {
      const res = await call("POST", `${p.base}/participants/${encodeURIComponent(x.id)}/${t.optedIn ? "opt-in" : "opt-out"}`, {
        key: p.adminKey,
        body: { at: iso(t.at) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }
  const events = world.events.map((e, i) => {
    const metric = world.metrics.find((m) => m.key === e.metric)!;
    return {
      id: `e${i}`,
      participant: e.participant,
      metric: e.metric,
      occurredAt: iso(e.occurredAt),
      ...(metric.aggregation === "sum" ? { value: e.value } : {}),
    };
  });
  if (events.length > 0) {
    const res = await call("POST", `${p.base}/events`, { key: p.adminKey, body: { events } });
    expect(res.status).toBe(200);
    const accepted = [...ref.unitRows(world).values()].reduce((n, rows) => n + rows.length, 0);
    expect(res.body.accepted).toBe(accepted);
    expect(res.body.rejected.every((r: { reason: string }) => r.reason === "not_opted_in")).toBe(true);
  }

  // …and re-weighted by its later PUTs once the events are stored, re-scoring what they changed.
  for (const metric of world.metrics) for (const put of metric.puts.slice(1)) await putDocument(onDay(put.today), { metric, put }, false);
  await putDocument(world.now, null, true);
  return p;
}

/** The board of a query as the reference counts it, in the API's shape. */
const refBoard = (world: ref.World, q: ref.Query, cohort: string | null = null) => ref.board(world, q, cohort).map((e) => [e.rank, e.id, num(e.score)]);

async function check(world: ref.World, queries: ref.Query[]) {
  const p = await push(world);
  const call = apiAt(() => world.now);
  /** A page around each entry of a whole board is its window centred on them, held at the board's ends. */
  const expectPagesAround = async (entries: { id: string }[], params: Record<string, string | number>, what: string) => {
    for (const [at, entry] of entries.entries()) {
      const limit = 1 + (at % 5);
      const start = Math.max(0, Math.min(at - Math.floor((limit - 1) / 2), entries.length - limit));
      const res = await board(call, p, { ...params, around: entry.id, limit });
      expect(res.body.entries, `${what}, around ${entry.id}, limit ${limit}`).toEqual(entries.slice(start, start + limit));
    }
  };
  // One of the world's own queries, and periods that hold data: those of a few events' days, today's week, all time.
  const eventDays = [0, Math.floor(world.events.length / 2), world.events.length - 1].map((i) => localDay(world.events[i].occurredAt, world.timeZone));
  const candidates: ref.Query[] = [
    queries[0],
    { kind: "day", day: eventDays[0] },
    { kind: "week", day: eventDays[1] },
    { kind: "month", day: eventDays[2] },
    { kind: "quarter", day: eventDays[0] },
    { kind: "week", day: ref.today(world) },
    { kind: "all", day: ref.today(world) },
  ];
  const seen = new Set<string>();
  const all = candidates.filter((q) => {
    const key = `${q.kind} ${label(q.kind, q.day)}`;
    return !seen.has(key) && seen.add(key);
  });

  for (const [i, q] of all.entries()) {
    // `at` as a date inside the period, or as its label.
    const params = { period: q.kind, at: i % 2 ? label(q.kind, q.day) : q.day, limit: 1000 };
    const what = `${q.kind} at ${q.day}`;

    const full = await board(call, p, params);
    expect(full.status, what).toBe(200);
    expect(full.body.total, what).toBe(ref.ranked(world).length);
    expect(
      full.body.entries.map((e: { rank: number; id: string; score: number }) => [e.rank, e.id, e.score]),
      what,
    ).toEqual(refBoard(world, q));
    expect((await walk(call, p, { ...params, limit: 2 })).entries, what).toEqual(full.body.entries);
    await expectPagesAround(full.body.entries, params, what);

    for (const cohort of ["London", "SMB"]) {
      const res = await board(call, p, { ...params, cohort });
      expect(
        res.body.entries.map((e: { rank: number; id: string; score: number }) => [e.rank, e.id, e.score]),
        `${what}, ${cohort}`,
      ).toEqual(refBoard(world, q, cohort));
      await expectPagesAround(res.body.entries, { ...params, cohort }, `${what}, ${cohort}`);
    }

    const teams = await board(call, p, { ...params, scope: "team" });
    expect(
      teams.body.entries.map((e: { rank: number; id: string; members: number; score: number }) => [e.rank, e.id, e.members, e.score]),
      `${what}, teams`,
    ).toEqual(ref.teamBoard(world, q).map((t) => [t.rank, t.key, t.members, num(t.score)]));

    const overall = ref.board(world, q);
    for (const x of world.participants) {
      const res = await score(call, p, x.id, { period: q.kind, at: params.at });
      expect(res.status, `${what}, ${x.id}`).toBe(200);
      const mine = overall.find((e) => e.id === x.id);
      const inCohort = x.cohort === null ? undefined : ref.board(world, q, x.cohort).find((e) => e.id === x.id);
      // The targets' forecasts are not in the reference (insights-forecasts.test.ts checks them): SPEC's figures only.
      const card = { ...res.body, targets: res.body.targets.map(({ forecast: _f, forecastStatus: _s, ...t }: Record<string, unknown>) => t) };
      expect(card, `${what}, score card of ${x.id}`).toEqual({
        id: x.id,
        displayName: `Name ${x.id}`,
        period: full.body.period,
        score: num(ref.scoreOver(world, x.id, ref.inQuery(q))),
        rank: mine?.rank ?? null,
        of: mine ? overall.length : null,
        percentile: mine?.percentile ?? null,
        cohort: mine && inCohort ? { name: x.cohort, rank: inCohort.rank, of: ref.ranked(world, x.cohort).length, percentile: inCohort.percentile } : null,
        byMetric: world.metrics.map((m) => {
          const t = ref.metricTotals(world, x.id, m.key, ref.inQuery(q));
          return { metric: m.key, indicator: m.indicator, units: Number(t.units) / 100, cappedUnits: Number(t.capped) / 100, points: num(t.points) };
        }),
        targets: ref.targetsOf(world, { participant: x.id }, q).map((t) => {
          const target = world.targets.find((w) => w.key === t.key)!;
          return {
            key: t.key,
            metric: target.metric,
            period: target.period,
            value: target.value,
            actual: num(t.actualT),
            attainment: num(t.attainmentT),
            expected: num(t.expectedT),
            status: t.status,
          };
        }),
        streak: ref.streak(world, x.id),
        // SPEC v1.1 §5.4, §5.5: these worlds define no badges and no levels.
        badges: [],
        level: null,
      });
    }
  }
}

describe("reads against the naive reference", () => {
  it("answers boards, team boards, pages and score cards as recomputed from raw events", { timeout: 120_000 }, async () => {
    // Boards of a few participants with a few events each, not the smallest cases fast-check starts from.
    const worlds = fc
      .constantFrom(...ZONES)
      .chain((zone) => worldArb(zone))
      .filter(({ world }) => world.participants.length >= 3 && world.events.length >= 10);
    await fc.assert(
      fc.asyncProperty(worlds, async ({ world, queries }) => {
        await check(storable(world), queries);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
