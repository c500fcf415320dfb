/**
 * Ingestion is idempotent: a random event stream, split into random batches, with random retries
 * of whole batches (some racing the original), random duplicates written differently but meaning
 * the same, and weight changes in between, leaves exactly the rollups of storing each distinct
 * event once. The expected rollups come from a small reference written here, independent of the
 * worker: local days from Intl, weight versions and ISO weeks by hand.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram } from "./api";
import { periodScores, rollups, storedEvents, type RollupRow } from "./checks";

const NOW = Date.parse("2027-01-10T00:00:00Z");
const at = apiAt(() => NOW);

const ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];
const PARTICIPANTS = ["ana", "bo", "cy"];

interface MetricDef {
  key: string;
  indicator: "lead" | "lag";
  aggregation: "count" | "sum";
  pointsH: number;
  capH: number | null;
}
const METRICS: MetricDef[] = [
  { key: "tweet", indicator: "lead", aggregation: "count", pointsH: 200, capH: 300 },
  { key: "call-prep", indicator: "lead", aggregation: "sum", pointsH: 75, capH: 450 },
  { key: "post", indicator: "lead", aggregation: "sum", pointsH: 125, capH: null },
  { key: "deal-won", indicator: "lag", aggregation: "count", pointsH: 300, capH: null },
];

const metricDocument = (m: MetricDef, weight: { pointsH: number; capH: number | null }, effectiveFrom?: string) => ({
  key: m.key,
  name: m.key,
  indicator: m.indicator,
  aggregation: m.aggregation,
  points: weight.pointsH / 100,
  dailyCap: weight.capH === null ? null : weight.capH / 100,
  ...(effectiveFrom ? { effectiveFrom } : {}),
});

// ---- the reference ----

function localDayIn(zone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
}

function isoWeek(day: string): string {
  const date = Date.parse(`${day}T00:00:00Z`);
  const mondayBased = (new Date(date).getUTCDay() + 6) % 7;
  const thursday = new Date(date + (3 - mondayBased) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const labelsOf = (day: string) => [day, isoWeek(day), day.slice(0, 7), `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`, "all"];

interface Version {
  from: string;
  pointsH: number;
  capH: number | null;
}

/** SPEC §2.4: a changed weight replaces every version dated on or after its date. */
function applyChange(versions: Version[], change: Version): Version[] {
  const latest = versions.at(-1)!;
  if (latest.pointsH === change.pointsH && latest.capH === change.capH) return versions;
  return [...versions.filter((v) => v.from < change.from), change];
}

const versionOn = (versions: Version[], day: string) => versions.filter((v) => v.from <= day).at(-1) ?? versions[0];

interface Ev {
  id: string;
  participant: string;
  metric: MetricDef;
  at: number;
  valueH: number;
  attributes: Record<string, string | number | boolean | null> | null;
}

function expectedRollups(events: Ev[], zone: string, versions: Map<string, Version[]>) {
  const localDay = localDayIn(zone);
  const units = new Map<string, number>();
  for (const e of events) {
    const key = `${e.participant}|${e.metric.key}|${localDay(e.at)}`;
    units.set(key, (units.get(key) ?? 0) + (e.metric.aggregation === "count" ? 100 : e.valueH));
  }
  const rows: RollupRow[] = [...units].map(([key, unitsH]) => {
    const [participant, metric, day] = key.split("|");
    const def = METRICS.find((m) => m.key === metric)!;
    const v = versionOn(versions.get(metric)!, day);
    const cappedH = v.capH === null ? unitsH : Math.min(unitsH, v.capH);
    return { participant, metric, day, units_h: unitsH, capped_h: cappedH, points: def.indicator === "lead" ? cappedH * v.pointsH : 0 };
  });
  const byKey = (r: RollupRow) => [r.participant, r.metric, r.day].join("\u0000");
  rows.sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));

  const scores: Record<string, number> = {};
  for (const r of rows) {
    for (const label of labelsOf(r.day)) scores[`${r.participant} ${label}`] = (scores[`${r.participant} ${label}`] ?? 0) + r.points;
  }
  for (const [k, v] of Object.entries(scores)) if (v === 0) delete scores[k];
  return { rows, scores };
}

// ---- writing events as a client would, in different but equal forms ----

function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The event as JSON; each form means the same event. */
function written(e: Ev, form: number): Record<string, unknown> {
  const offsets = [0, 330, -300, 765, -150];
  const occurredAt =
    form % 3 === 0 ? new Date(e.at).toISOString() : form % 3 === 1 ? withOffset(e.at, offsets[form % 5]) : new Date(e.at).toISOString().replace(".000Z", "Z");
  const json: Record<string, unknown> = { id: e.id, participant: e.participant, metric: e.metric.key, occurredAt };
  if (e.metric.aggregation === "sum") json.value = e.valueH / 100;
  else if (form % 2 === 1) json.value = 1;
  if (e.attributes) {
    const keys = Object.keys(e.attributes);
    if (form % 2 === 1) keys.reverse();
    json.attributes = Object.fromEntries(keys.map((k) => [k, e.attributes![k]]));
  } else if (form % 4 === 2) {
    json.attributes = {};
  }
  return json;
}

// ---- the scenario ----

const minutes = (from: string, to: string) => fc.integer({ min: Date.parse(from) / 60_000, max: Date.parse(to) / 60_000 }).map((m) => m * 60_000);

const eventArb = fc.record({
  participant: fc.constantFrom(...PARTICIPANTS),
  metric: fc.constantFrom(...METRICS),
  // Around the 2026 autumn clock changes, and around the end of ISO year 2026 (which has a W53).
  at: fc.oneof(minutes("2026-10-24T00:00:00Z", "2026-11-03T00:00:00Z"), minutes("2026-12-27T00:00:00Z", "2027-01-05T00:00:00Z")),
  valueH: fc.integer({ min: 0, max: 400 }),
  attributes: fc.option(
    fc.dictionary(fc.constantFrom("source", "deal", "ok", "note"), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)), {
      minKeys: 1,
      maxKeys: 4,
    }),
  ),
  form: fc.nat(59),
});

const DATES = ["2026-10-01", "2026-10-25", "2026-10-30", "2026-11-02", "2026-12-28", "2027-01-01", "2027-01-04"];

const scenarioArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  firstVersionFrom: fc.constantFrom(...DATES),
  events: fc.array(eventArb, { minLength: 1, maxLength: 40 }),
  cuts: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  duplicates: fc.array(fc.record({ event: fc.nat(), batch: fc.nat(), form: fc.nat(59) }), { maxLength: 12 }),
  retries: fc.array(fc.record({ batch: fc.nat(), racing: fc.boolean(), position: fc.nat() }), { maxLength: 5 }),
  weightChanges: fc.array(
    fc.record({
      after: fc.nat(),
      metric: fc.nat(METRICS.length - 1),
      pointsH: fc.constantFrom(0, 50, 125, 300),
      capH: fc.constantFrom(null, 100, 250, 1000),
      effectiveFrom: fc.option(fc.constantFrom(...DATES)),
    }),
    { maxLength: 3 },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The document with each metric at its latest weight; `changed` sets one metric's weight and effectiveFrom. */
function documentOf(zone: string, versions: Map<string, Version[]>, changed?: { metric: string; weight: Version; effectiveFrom: string | null }) {
  return basicDocument({
    timezone: zone,
    metrics: METRICS.map((m) =>
      m.key === changed?.metric
        ? metricDocument(m, changed.weight, changed.effectiveFrom ?? undefined)
        : metricDocument(m, versions.get(m.key)!.at(-1)!, versions.get(m.key)![0].from),
    ),
    targets: [],
  });
}

async function run(s: Scenario) {
  const versions = new Map(METRICS.map((m) => [m.key, [{ from: s.firstVersionFrom, pointsH: m.pointsH, capH: m.capH }]]));
  const p = await newProgram(documentOf(s.zone, versions), at);
  await addParticipants(
    p,
    PARTICIPANTS.map((id) => ({ id })),
    "2020-01-01T00:00:00Z",
    at,
  );

  const events: Ev[] = s.events.map((e, i) => ({ ...e, id: `e${i}`, attributes: e.attributes }));
  // Cut the stream into batches, then add duplicates (in other forms) to random batches.
  const batches: Record<string, unknown>[][] = [[]];
  events.forEach((e, i) => {
    batches.at(-1)!.push(written(e, s.events[i].form));
    if (s.cuts[i] && i < events.length - 1) batches.push([]);
  });
  for (const d of s.duplicates) batches[d.batch % batches.length].push(written(events[d.event % events.length], d.form));
  // Each group of sends runs concurrently: a racing retry joins its batch's group, others come later.
  const groups = batches.map((b) => [b]);
  for (const r of s.retries.filter((r) => r.racing)) groups[r.batch % batches.length].push(batches[r.batch % batches.length]);
  for (const r of s.retries.filter((r) => !r.racing)) groups.splice(r.position % (groups.length + 1), 0, [batches[r.batch % batches.length]]);
  const changesAfter = new Map<number, Scenario["weightChanges"]>();
  for (const c of s.weightChanges) {
    const after = c.after % (groups.length + 1);
    changesAfter.set(after, [...(changesAfter.get(after) ?? []), c]);
  }

  const today = localDayIn(s.zone)(NOW);
  let accepted = 0;
  let duplicates = 0;
  let sent = 0;
  for (let g = 0; g <= groups.length; g++) {
    for (const c of changesAfter.get(g) ?? []) {
      const metric = METRICS[c.metric].key;
      const weight = { from: c.effectiveFrom ?? today, pointsH: c.pointsH, capH: c.capH };
      const res = await at("PUT", p.base, { key: p.adminKey, body: documentOf(s.zone, versions, { metric, weight, effectiveFrom: c.effectiveFrom }) });
      expect(res.status).toBe(200);
      versions.set(metric, applyChange(versions.get(metric)!, weight));
    }
    if (g === groups.length) break;
    const answers = await Promise.all(groups[g].map((batch) => at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: batch } })));
    for (const [i, a] of answers.entries()) {
      expect(a.status).toBe(200);
      expect(a.body.rejected).toEqual([]);
      accepted += a.body.accepted;
      duplicates += a.body.duplicates;
      sent += groups[g][i].length;
    }
  }

  expect(accepted).toBe(events.length);
  expect(duplicates).toBe(sent - events.length);
  const expected = expectedRollups(events, s.zone, versions);
  expect(await rollups(p.program)).toEqual(expected.rows);
  expect(await periodScores(p.program)).toEqual(expected.scores);
  const stored = await storedEvents(p.program);
  expect(stored.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
}

describe("ingestion is idempotent", () => {
  it("gives the rollups of storing each distinct event once, however the stream is batched, retried and duplicated", async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, run), { numRuns: 20 });
  }, 60_000);

  it("the reference agrees with hand-computed local days and ISO weeks", () => {
    expect(localDayIn("Europe/London")(Date.parse("2026-10-24T23:30:00Z"))).toBe("2026-10-25");
    expect(localDayIn("America/New_York")(Date.parse("2026-11-01T04:30:00Z"))).toBe("2026-11-01");
    expect(localDayIn("America/New_York")(Date.parse("2026-11-01T03:30:00Z"))).toBe("2026-10-31");
    expect(localDayIn("Pacific/Chatham")(Date.parse("2026-12-31T10:15:00Z"))).toBe("2027-01-01");
    expect(["2026-12-27", "2026-12-28", "2027-01-03", "2027-01-04", "2026-11-20"].map(isoWeek)).toEqual([
      "2026-W52",
      "2026-W53",
      "2026-W53",
      "2027-W01",
      "2026-W47",
    ]);
  });
});
