/**
 * The synthetic program: its document, its participants and a stream of events with a realistic
 * shape — a few very active sellers and a long tail (log-normal activity, some never active),
 * busy weekdays and quiet weekends within working hours, several metrics with daily caps, a team
 * tree and cohorts. Seeded, so a run and its Redis baseline see exactly the same events.
 *
 * Events are made one day at a time (only that day's sorted timestamps are held, a Float64Array),
 * and leave as batches, so 10 million events never sit in memory.
 */
import { seededRandom } from "../scripts/demo/random.ts";
import { FIRST_NAMES as FIRST, SURNAMES as LAST } from "../scripts/demo/names.ts";

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Working hours in UTC (the program is in Europe/London, so local days and weeks match UTC ones). */
const WORK_START_H = 7;
const WORK_END_H = 19;

export const PROGRAM_SLUG = "bench";
export const TIMEZONE = "Europe/London";

interface MetricSpec {
  key: string;
  name: string;
  indicator: "lead" | "lag";
  aggregation: "count" | "sum";
  points: number;
  dailyCap: number | null;
  /** Share of all events. */
  share: number;
}

export const METRICS: MetricSpec[] = [
  { key: "call-prep", name: "Call preparation (minutes)", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: 60, share: 0.2 },
  { key: "social-post", name: "Social posts", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5, share: 0.15 },
  { key: "post-engagement", name: "Replies to customer posts", indicator: "lead", aggregation: "count", points: 1, dailyCap: 10, share: 0.3 },
  { key: "customer-birthday", name: "Customer birthdays noted", indicator: "lead", aggregation: "count", points: 3, dailyCap: null, share: 0.03 },
  { key: "crm-note", name: "CRM notes after calls", indicator: "lead", aggregation: "count", points: 1.5, dailyCap: 8, share: 0.28 },
  { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null, share: 0.04 },
];

const REGIONS = ["emea", "na", "latam", "apac", "anz"];
const TEAMS_PER_REGION = 8;
const COHORTS = ["SMB reps", "Enterprise AEs", "SDRs", "Partner managers", "London agents", "Renewals"];
const SOURCES = ["crm", "linkedin", "x", "email"];
/** Share of participants who never post anything (registered, ranked with score 0). */
const DORMANT_SHARE = 0.04;

export const leafTeams = () => REGIONS.flatMap((r) => Array.from({ length: TEAMS_PER_REGION }, (_, k) => `${r}-${k + 1}`));

/** The program document. `requireOptIn: false`: every participant is ranked without an opt-in call each. */
export function programDocument(effectiveFrom: string) {
  return {
    name: "Benchmark program",
    timezone: TIMEZONE,
    requireOptIn: false,
    visibility: "private",
    teamAggregation: "mean",
    metrics: METRICS.map(({ share: _share, ...m }) => ({ ...m, effectiveFrom })),
    teams: [
      { key: "company", name: "Company", parent: null },
      ...REGIONS.map((r) => ({ key: r, name: r.toUpperCase(), parent: "company" })),
      ...REGIONS.flatMap((r) =>
        Array.from({ length: TEAMS_PER_REGION }, (_, k) => ({ key: `${r}-${k + 1}`, name: `${r.toUpperCase()} team ${k + 1}`, parent: r })),
      ),
    ],
    targets: [
      ...REGIONS.map((r) => ({ key: `${r}-weekly`, subject: { team: r }, metric: null, period: "week", value: 5000 })),
      { key: "top-weekly", subject: { participant: participantId(0) }, metric: null, period: "week", value: 150 },
      { key: "top-posts", subject: { participant: participantId(0) }, metric: "social-post", period: "month", value: 60 },
    ],
  };
}

export const participantId = (i: number) => `p-${String(i + 1).padStart(6, "0")}`;

export interface Population {
  count: number;
  /** Activity weight of each participant (0 for the dormant). */
  activity: Float64Array;
  /** Cumulative activity, to draw a participant for an event in proportion to it. */
  cumulative: Float64Array;
  team: (string | null)[];
  cohort: (string | null)[];
  /** Indexes of dormant participants, ascending. */
  dormant: number[];
}

export function population(count: number, seed = 47): Population {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const leaves = leafTeams();
  const activity = new Float64Array(count);
  const cumulative = new Float64Array(count);
  const team: (string | null)[] = [];
  const cohort: (string | null)[] = [];
  const dormant: number[] = [];
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const isDormant = random.next() < DORMANT_SHARE;
    // Log-normal: the median seller is 1, one in a thousand is about 30 times as active.
    activity[i] = isDormant ? 0 : Math.exp(1.1 * gauss());
    if (isDormant) dormant.push(i);
    sum += activity[i];
    cumulative[i] = sum;
    // Uneven team sizes: low-numbered teams are bigger.
    team.push(random.next() < 0.02 ? null : leaves[Math.floor(random.next() ** 1.6 * leaves.length)]);
    cohort.push(random.next() < 0.1 ? null : COHORTS[Math.floor(random.next() ** 1.3 * COHORTS.length)]);
  }
  return { count, activity, cumulative, team, cohort, dormant };
}

/** Participants for `PUT /participants`, in chunks of at most `size`. */
export function* participantChunks(pop: Population, size = 1000) {
  for (let from = 0; from < pop.count; from += size) {
    const chunk = [];
    for (let i = from; i < Math.min(pop.count, from + size); i++) {
      chunk.push({
        id: participantId(i),
        displayName: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i + 1}`,
        team: pop.team[i],
        cohort: pop.cohort[i],
      });
    }
    yield chunk;
  }
}

export interface BenchEvent {
  id: string;
  participant: string;
  metric: string;
  occurredAt: string;
  value?: number;
  attributes?: Record<string, string>;
}

export interface EventBatch {
  events: BenchEvent[];
  /** For the baseline: each event's ISO week and its points without caps (Redis has no daily caps). */
  weeks: string[];
  points: number[];
}

/** The ISO 8601 week label (YYYY-Www) of a UTC instant. */
export function isoWeek(ms: number): string {
  const d = new Date(ms);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - weekday + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The first day of the history (UTC midnight), `weeks` weeks of days ending today. */
export const historyStart = (now: number, weeks: number) => dayStart(now) - (weeks * 7 - 1) * DAY_MS;

/** The ISO week before the one holding `now`: the last one that has ended. */
export const lastEndedWeek = (now: number) => isoWeek(now - 7 * DAY_MS);

/** How many events each day gets: in proportion to its weight (weekday 1, weekend 0.15, today the hours gone by), summing to `total` exactly. */
function dayBudgets(total: number, now: number, weeks: number) {
  const days: { start: number; from: number; until: number; weight: number }[] = [];
  for (let day = historyStart(now, weeks); day <= dayStart(now); day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    const from = day + WORK_START_H * HOUR_MS;
    const until = Math.min(day + WORK_END_H * HOUR_MS, now - 60_000);
    const open = Math.max(0, until - from) / ((WORK_END_H - WORK_START_H) * HOUR_MS);
    days.push({ start: day, from, until, weight: (weekday === 0 || weekday === 6 ? 0.15 : 1) * open });
  }
  const sum = days.reduce((s, d) => s + d.weight, 0);
  const exact = days.map((d) => (total * d.weight) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, n) => s + n, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return days.map((d, i) => ({ ...d, count: counts[i] }));
}

function drawParticipant(pop: Population, u: number): number {
  const target = u * pop.cumulative[pop.count - 1];
  let lo = 0;
  let hi = pop.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pop.cumulative[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const metricCumulative = (() => {
  let s = 0;
  return METRICS.map((m) => (s += m.share));
})();

function drawMetric(u: number): number {
  const x = u * metricCumulative[metricCumulative.length - 1];
  const i = metricCumulative.findIndex((c) => x < c);
  return i < 0 ? METRICS.length - 1 : i;
}

/** One event's fields beyond its id, participant and time: metric, value, attributes; and its uncapped points. */
function eventBody(random: ReturnType<typeof seededRandom>) {
  const m = METRICS[drawMetric(random.next())];
  const value = m.aggregation === "sum" ? random.int(500, 3000) / 100 : undefined;
  const attributes = random.next() < 0.25 ? { source: random.pick(SOURCES) } : undefined;
  const points = m.indicator === "lead" ? (value ?? 1) * m.points : 0;
  return { metric: m.key, value, attributes, points };
}

function makeEvent(id: string, participant: string, at: number, body: ReturnType<typeof eventBody>): BenchEvent {
  const e: BenchEvent = { id, participant, metric: body.metric, occurredAt: new Date(at).toISOString() };
  if (body.value !== undefined) e.value = body.value;
  if (body.attributes !== undefined) e.attributes = body.attributes;
  return e;
}

/** The history's events in time order, in batches of `size`. */
export function* eventBatches(pop: Population, total: number, now: number, weeks: number, size = 1000, seed = 2026): Generator<EventBatch> {
  const random = seededRandom(seed);
  let n = 0;
  let batch: EventBatch = { events: [], weeks: [], points: [] };
  for (const day of dayBudgets(total, now, weeks)) {
    if (day.count === 0) continue;
    const week = isoWeek(day.start);
    const times = new Float64Array(day.count);
    for (let i = 0; i < day.count; i++) times[i] = day.from + Math.floor(random.next() * (day.until - day.from));
    times.sort();
    for (let i = 0; i < day.count; i++) {
      const p = drawParticipant(pop, random.next());
      const body = eventBody(random);
      batch.events.push(makeEvent(`e-${++n}`, participantId(p), times[i], body));
      batch.weeks.push(week);
      batch.points.push(body.points);
      if (batch.events.length === size) {
        yield batch;
        batch = { events: [], weeks: [], points: [] };
      }
    }
  }
  if (batch.events.length) yield batch;
}

/** Events for the single-post phase: now-ish, new ids, drawn like the history's. */
export function singleEvents(pop: Population, count: number, now: number, seed = 7): EventBatch {
  const random = seededRandom(seed);
  const out: EventBatch = { events: [], weeks: [], points: [] };
  for (let i = 0; i < count; i++) {
    const at = now - 60_000 - random.int(0, 600) * 1000;
    const body = eventBody(random);
    out.events.push(makeEvent(`s-${i + 1}`, participantId(drawParticipant(pop, random.next())), at, body));
    out.weeks.push(isoWeek(at));
    out.points.push(body.points);
  }
  return out;
}
