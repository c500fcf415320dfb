/**
 * The ingestion rules of SPEC §3: each event of a batch is accepted, counted as a duplicate or
 * rejected with one reason, judged in order as if the events were stored one by one.
 */
import { toHundredths } from "./decimal";
import { optedInAt, type Toggle } from "./optin";

export const REJECTION_REASONS = ["invalid", "unknown_participant", "unknown_metric", "not_opted_in", "future", "id_conflict"] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** How far ahead of the server's clock an event may be. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** An event whose fields have the right types (checked by the HTTP layer's schema). */
export interface IncomingEvent {
  id: string;
  participant: string;
  metric: string;
  occurredAt: number;
  value?: number;
  /** Canonical JSON of the attributes, or null where there are none. */
  attributes: string | null;
}

/** What identifies an event's content: two events with the same id must agree on all of it. */
export interface EventContent {
  participant: string;
  metric: string;
  occurredAt: number;
  valueH: number;
  attributes: string | null;
}

export interface MetricInfo {
  aggregation: "count" | "sum" | "gauge";
  archived: boolean;
}

/** An opt-in history, in the order the toggles were made. */
export type OptHistory = readonly Toggle[];

export interface IngestionContext {
  now: number;
  requireOptIn: boolean;
  metrics: ReadonlyMap<string, MetricInfo>;
  /** Participants of the program by id, with their opt-in history. */
  participants: ReadonlyMap<string, OptHistory>;
  /** Events already stored under the batch's ids. */
  stored: ReadonlyMap<string, EventContent>;
}

export type Verdict =
  | { outcome: "accepted"; content: EventContent }
  | { outcome: "duplicate" }
  | { outcome: "rejected"; reason: RejectionReason; message: string };

/** Judges each event in order; an id seen earlier in the batch counts as stored. */
export function judgeBatch(events: readonly (IncomingEvent | { invalid: string })[], ctx: IngestionContext): Verdict[] {
  const seen = new Map(ctx.stored);
  return events.map((event) => {
    if ("invalid" in event) return reject("invalid", event.invalid);
    const verdict = judgeEvent(event, seen, ctx);
    if (verdict.outcome === "accepted") seen.set(event.id, verdict.content);
    return verdict;
  });
}

function judgeEvent(event: IncomingEvent, stored: ReadonlyMap<string, EventContent>, ctx: IngestionContext): Verdict {
  const metric = ctx.metrics.get(event.metric);
  if (!metric) return reject("unknown_metric", `metric: no metric "${event.metric}" in this program`);

  const valueH = unitsOf(event, metric);
  if (typeof valueH === "string") return reject("invalid", valueH);
  const content: EventContent = {
    participant: event.participant,
    metric: event.metric,
    occurredAt: event.occurredAt,
    valueH,
    attributes: event.attributes,
  };

  const earlier = stored.get(event.id);
  if (earlier) {
    return sameContent(earlier, content) ? { outcome: "duplicate" } : reject("id_conflict", `id: "${event.id}" is stored already with different content`);
  }
  if (metric.archived) return reject("unknown_metric", `metric: "${event.metric}" is archived`);
  const history = ctx.participants.get(event.participant);
  if (!history) return reject("unknown_participant", `participant: no participant "${event.participant}" in this program`);
  if (event.occurredAt > ctx.now + FUTURE_TOLERANCE_MS) {
    return reject("future", "occurredAt: more than 5 minutes ahead of the server's clock");
  }
  if (ctx.requireOptIn && !optedInAt(history, event.occurredAt)) {
    return reject("not_opted_in", `participant: "${event.participant}" was not opted in at occurredAt`);
  }
  return { outcome: "accepted", content };
}

/** The event's value in hundredths (1 for a count metric), or the message of why it is invalid. */
function unitsOf(event: IncomingEvent, metric: MetricInfo): number | string {
  if (metric.aggregation === "count") {
    if (event.value !== undefined && event.value !== 1) return "value: must be absent or 1 for a count metric";
    return 100;
  }
  if (event.value === undefined) return `value: required for a ${metric.aggregation} metric`;
  return toHundredths(event.value) ?? "value: must have at most 2 decimal places";
}

const sameContent = (a: EventContent, b: EventContent) =>
  a.participant === b.participant && a.metric === b.metric && a.occurredAt === b.occurredAt && a.valueH === b.valueH && a.attributes === b.attributes;

const reject = (reason: RejectionReason, message: string): Verdict => ({ outcome: "rejected", reason, message });

/** Attributes as canonical JSON (keys sorted), or null for none or an empty object. */
export function canonicalAttributes(attributes: Record<string, unknown> | undefined): string | null {
  if (!attributes) return null;
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return null;
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, attributes[k]])));
}
