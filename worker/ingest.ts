/**
 * Ingesting a batch (SPEC §3): validate each event, judge it by the ingestion rules against what
 * is stored, store the accepted ones in one atomic batch, and answer the counts.
 */
import { type SQL, sql } from "drizzle-orm";
import { fieldProblems } from "./body";
import type { Db } from "./context";
import { json } from "./db/client";
import { storeEvents } from "./db/ingest";
import { SCORE_BACKLOG_EVENTS, scoreWaitingEvents } from "./db/scoring";
import { optHistories } from "./db/participants";
import { programMetrics, type ProgramRow } from "./db/programs";
import { eventSchema, MAX_ID_CHARACTERS } from "./schemas/events";
import {
  canonicalAttributes,
  type EventContent,
  type IncomingEvent,
  judgeBatch,
  type RejectionReason,
  type Verdict,
} from "../scoring/ingestion";
import { localDater } from "../scoring/periods";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; reason: RejectionReason; message: string }[];
}

/** What judging a batch reads: the program's metrics, the named participants' opt-in histories, and the content stored under the batch's ids. */
export interface IngestReads {
  metricRows: Awaited<ReturnType<typeof programMetrics>>;
  histories: Awaited<ReturnType<typeof optHistories>>;
  stored: Map<string, EventContent>;
}

/**
 * Starts the reads for judging a batch of raw events, keyed by every id and participant in it
 * that is valid as one (the valid events' and perhaps more). Raw reads started together: one
 * round trip to D1 (client.ts), or none of their own when started with the request's first
 * lookups (routes/events.ts).
 */
export function startIngestReads(db: Db, programId: number | SQL, raw: unknown[]): Promise<IngestReads> {
  return Promise.all([
    programMetrics(db, programId),
    optHistories(db, programId, stringsOf(raw, "participant")),
    storedContent(db, programId, stringsOf(raw, "id")),
  ]).then(([metricRows, histories, stored]) => ({ metricRows, histories, stored }));
}

/**
 * The distinct values under `field` in the raw events that the event schema would take there. Only
 * those can be an event's; the rest could be most of the body, too long to bind (1,000,000 bytes).
 */
function stringsOf(raw: unknown[], field: "id" | "participant"): string[] {
  const found = new Set<string>();
  for (const event of raw) {
    const value = (event as Record<string, unknown> | null)?.[field];
    // A character is at most two UTF-16 units: longer text is not counted character by character.
    if (typeof value === "string" && value.length <= 2 * MAX_ID_CHARACTERS && eventSchema.shape[field].safeParse(value).success) found.add(value);
  }
  return [...found];
}

/** `reads` are `startIngestReads` on the same events, started by the caller. */
export async function ingestBatch(db: Db, program: ProgramRow, raw: unknown[], now: number, reads: Promise<IngestReads>): Promise<IngestResult> {
  const parsed = raw.map(parseEvent);
  const { metricRows, histories, stored } = await reads;
  const metricsByKey = new Map(metricRows.map((m) => [m.key, m]));
  const context = {
    now,
    requireOptIn: program.requireOptIn,
    metrics: new Map(metricRows.map((m) => [m.key, { aggregation: m.aggregation, archived: m.archivedAt !== null }])),
    participants: new Map([...histories].map(([id, h]) => [id, h.history])),
    stored,
  };
  const verdicts = judgeBatch(parsed, context);

  const localDay = localDater(program.timeZone);
  const toStore = verdicts.flatMap((v, i) => {
    if (v.outcome !== "accepted") return [];
    const e = parsed[i] as IncomingEvent;
    return [
      {
        id: e.id,
        participantPk: histories.get(e.participant)!.pk,
        metricId: metricsByKey.get(e.metric)!.id,
        occurredAt: e.occurredAt,
        day: localDay(e.occurredAt),
        valueH: v.content.valueH,
        attributes: v.content.attributes,
      },
    ];
  });
  const { ids: storedIds, unscored } = await storeEvents(db, program.id, toStore, now);
  const storedNow = new Set(storedIds);
  if (storedNow.size < toStore.length) await rejudgeRaceLosers(db, program.id, parsed, verdicts, storedNow, context);
  // The request that brings the backlog to its limit scores it, so the backlog stays bounded. Its
  // events are stored already: if scoring fails, the answer stands and the next read scores them.
  if (unscored >= SCORE_BACKLOG_EVENTS) await scoreWaitingEvents(db).catch((error) => console.error("scoring the queue failed", error));
  return summarise(parsed, verdicts);
}

/**
 * Events judged new but stored meanwhile by a concurrent batch are judged again against what that
 * batch stored: they become duplicates or id conflicts, and nothing is counted twice.
 */
async function rejudgeRaceLosers(
  db: Db,
  programId: number,
  parsed: ParsedEvent[],
  verdicts: Verdict[],
  storedNow: Set<string>,
  context: Parameters<typeof judgeBatch>[1],
) {
  const losers = verdicts.flatMap((v, i) => (v.outcome === "accepted" && !storedNow.has((parsed[i] as IncomingEvent).id) ? [i] : []));
  const stored = await storedContent(db, programId, losers.map((i) => (parsed[i] as IncomingEvent).id));
  for (const i of losers) {
    [verdicts[i]] = judgeBatch([parsed[i]], { ...context, stored });
  }
}

type ParsedEvent = IncomingEvent | { invalid: string; id: string | null };

function parseEvent(raw: unknown): ParsedEvent {
  const result = eventSchema.safeParse(raw);
  if (!result.success) {
    const problem = fieldProblems(result.error)[0];
    const id = (raw as { id?: unknown } | null)?.id;
    return { invalid: `${problem.path}: ${problem.message}`, id: typeof id === "string" ? id : null };
  }
  const { attributes, ...event } = result.data;
  return { ...event, attributes: canonicalAttributes(attributes) };
}

/** The content of events already stored under the ids, for duplicate and conflict checks. */
async function storedContent(db: Db, programId: number | SQL, ids: string[]): Promise<Map<string, EventContent>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<EventContent & { id: string }>(sql`
    SELECT e.id AS id, p.id AS participant, m.key AS metric, e.occurred_at AS occurredAt, e.value_h AS valueH, e.attributes AS attributes
    FROM events e JOIN participants p ON p.pk = e.participant_pk JOIN metrics m ON m.id = e.metric_id
    WHERE e.program_id = ${programId} AND e.id IN (SELECT value FROM json_each(${json(ids)}))`);
  return new Map(rows.map(({ id, ...content }) => [id, content]));
}

function summarise(parsed: ParsedEvent[], verdicts: Verdict[]): IngestResult {
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  verdicts.forEach((v, index) => {
    if (v.outcome === "accepted") result.accepted++;
    else if (v.outcome === "duplicate") result.duplicates++;
    else result.rejected.push({ index, id: idOf(parsed[index]), reason: v.reason, message: v.message });
  });
  return result;
}

const idOf = (e: ParsedEvent): string | null => e.id;
