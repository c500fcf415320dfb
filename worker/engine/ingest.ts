/**
 * Ingesting a batch inside the program's engine (SPEC §3): judge each event against what is
 * stored (scoring/ingestion.ts), store the accepted ones and their days' rollups in one
 * transaction, then move the live boards. The engine is the program's one writer and handles one
 * call at a time, so two batches never race; the transaction commits before the answer.
 */
import type { EventContent, IncomingEvent, RejectionReason } from "../../scoring/ingestion";
import { judgeBatch } from "../../scoring/ingestion";
import { changedUnits, compareReadings, dayReadings, type GaugeEvent, unitsFromReadings } from "../../scoring/gauges";
import { dayFigures } from "../../scoring/score";
import type { FigureMove } from "./boards";
import { markForBadgeCheck } from "./badge-checks";
import { INGESTION_WINDOW_MS } from "./ingestion-view";
import type { Participant } from "./roster";
import type { EngineState } from "./state";
import type { NewEventRow, StoredEventRow } from "./storage";

/** An event as the worker parsed it: its fields typed, or why it is invalid. */
export type ParsedEvent = IncomingEvent | { invalid: string; id: string | null };

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; reason: RejectionReason; message: string }[];
}

/** How many rejections of a batch the ingestion log keeps as examples. */
const LOGGED_EXAMPLES = 20;

/** A batch as posted, and the instant it was handled at. */
export interface PostedBatch {
  events: ParsedEvent[];
  now: number;
}

/**
 * Ingests batches that arrived together, in order, as if stored one by one: each is judged against
 * what is stored and what the batches before it accepted, and all are stored in one transaction
 * (one commit for many posts: see group-commit.ts). Answers each batch's result.
 */
export function ingest(state: EngineState, batches: readonly PostedBatch[]): IngestResult[] {
  const program = state.program;
  const metrics = new Map(program.metrics.map((m) => [m.key, { aggregation: m.aggregation, archived: m.archived }]));
  const ids = [...new Set(batches.flatMap((b) => b.events.flatMap((e) => ("invalid" in e ? [] : [e.id]))))];
  const stored = storedContent(state, ids);
  const rows: NewEventRow[] = [];
  const results = batches.map(({ events: parsed, now }) => {
    const participants = new Map<string, Participant>();
    for (const e of parsed) {
      if ("invalid" in e || participants.has(e.participant)) continue;
      const p = state.roster.find(e.participant);
      if (p) participants.set(p.id, p);
    }
    const verdicts = judgeBatch(parsed, {
      now,
      requireOptIn: program.requireOptIn,
      metrics,
      participants: new Map([...participants].map(([id, p]) => [id, p.toggles])),
      stored,
    });
    verdicts.forEach((v, i) => {
      if (v.outcome !== "accepted") return;
      const e = parsed[i] as IncomingEvent;
      // Accepted here, stored for the batches after it.
      stored.set(e.id, v.content);
      rows.push({
        id: e.id,
        participantPk: participants.get(e.participant)!.pk,
        metricId: state.metricByKey(e.metric)!.id,
        occurredAt: e.occurredAt,
        day: state.localDay(e.occurredAt),
        valueH: v.content.valueH,
        attributes: v.content.attributes,
        receivedAt: now,
      });
    });
    return summarise(parsed, verdicts);
  });

  const moves = state.storage.transaction(() => {
    const changed = rows.length ? storeEvents(state, rows) : [];
    results.forEach((result, i) => logBatch(state, result, batches[i].now));
    markForBadgeCheck(
      state,
      rows.map((r) => r.participantPk),
    );
    return changed;
  });
  for (const r of rows) state.days.add(r.day);
  state.boards.apply(moves);
  return results;
}

/** Stores the events and their days' rollups; answers each changed rollup's change of figures. */
function storeEvents(state: EngineState, rows: NewEventRow[]): FigureMove[] {
  state.storage.insertEvents(rows);
  const isGauge = (r: StoredEventRow) => state.metric(r.metricId)!.aggregation === "gauge";
  const units = new Map<string, DailyUnitsRow>();
  for (const r of rows.filter((r) => !isGauge(r))) {
    const key = rollupKey(r.day, r.participantPk, r.metricId);
    const sum = units.get(key);
    if (sum) sum.unitsH += r.valueH;
    else units.set(key, { day: r.day, participantPk: r.participantPk, metricId: r.metricId, unitsH: r.valueH });
  }
  const added = [...units.values()];
  // A gauge's units are growth above the best reading before (SPEC §5.1): they are counted again from its readings.
  const gauges = gaugeUnits(state, rows.filter(isGauge));
  const keys = [...added, ...gauges].map((u) => [u.day, u.participantPk, u.metricId] as [string, number, number]);
  const before = new Map(state.storage.rollupsAt(keys).map((r) => [rollupKey(r.day, r.participantPk, r.metricId), r]));
  const moves: FigureMove[] = [];
  const written = [...added.map((u) => ({ ...u, add: true })), ...gauges.map((u) => ({ ...u, add: false }))].map((u) => {
    const old = before.get(rollupKey(u.day, u.participantPk, u.metricId));
    const unitsH = u.add ? (old?.unitsH ?? 0) + u.unitsH : u.unitsH;
    const figures = dayFigures(state.metric(u.metricId)!, u.day, unitsH);
    moves.push({
      participantPk: u.participantPk,
      day: u.day,
      metricId: u.metricId,
      points: figures.points - (old?.points ?? 0),
      cappedH: figures.cappedH - (old?.cappedH ?? 0),
    });
    return { day: u.day, participantPk: u.participantPk, metricId: u.metricId, ...figures };
  });
  state.storage.writeRollups(written);
  return moves;
}

interface DailyUnitsRow {
  day: string;
  participantPk: number;
  metricId: number;
  unitsH: number;
}

const rollupKey = (day: string, pk: number, metricId: number) => `${day}|${pk}|${metricId}`;

/**
 * The gauge events' new day readings stored, and the daily units that changed because of them, for
 * each participant and gauge the batch reads: a late or out-of-order reading moves later days too.
 */
function gaugeUnits(state: EngineState, rows: StoredEventRow[]): DailyUnitsRow[] {
  const bySeries = new Map<string, StoredEventRow[]>();
  for (const r of rows) {
    const key = `${r.participantPk}|${r.metricId}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), r]);
  }
  return [...bySeries.values()].flatMap((events) => {
    const { participantPk, metricId } = events[0];
    const key = state.metric(metricId)!.key;
    const stored = state.storage.gauges.readingsOf(participantPk, metricId);
    const latest = new Map(stored.map((e) => [e.day, e]));
    const changed: GaugeEvent[] = [];
    for (const e of events) {
      const reading = { id: e.id, occurredAt: e.occurredAt, day: e.day, valueH: e.valueH };
      const held = latest.get(e.day);
      if (held && compareReadings(reading, held) < 0) continue;
      latest.set(e.day, reading);
      changed.push(reading);
    }
    if (changed.length === 0) return [];
    state.storage.gauges.writeReadings(participantPk, metricId, [...new Map(changed.map((e) => [e.day, latest.get(e.day)!])).values()]);
    const before = unitsFromReadings(key, dayReadings(stored));
    const after = unitsFromReadings(key, dayReadings(latest.values()));
    state.boards.dropReadings(metricId);
    return changedUnits(before, after).map((u) => ({ day: u.day, participantPk, metricId, unitsH: u.unitsH }));
  });
}

/** The content stored under each id, for duplicate and conflict checks. */
function storedContent(state: EngineState, ids: string[]): Map<string, EventContent> {
  return new Map(
    state.storage.storedEvents(ids).map((e) => [
      e.id,
      {
        participant: state.roster.get(e.participantPk)?.id ?? "",
        metric: state.metric(e.metricId)?.key ?? "",
        occurredAt: e.occurredAt,
        valueH: e.valueH,
        attributes: e.attributes,
      },
    ]),
  );
}

function summarise(parsed: ParsedEvent[], verdicts: ReturnType<typeof judgeBatch>): IngestResult {
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  verdicts.forEach((v, index) => {
    if (v.outcome === "accepted") result.accepted++;
    else if (v.outcome === "duplicate") result.duplicates++;
    else result.rejected.push({ index, id: parsed[index].id, reason: v.reason, message: v.message });
  });
  return result;
}

function logBatch(state: EngineState, result: IngestResult, now: number): void {
  const byReason: Record<string, number> = {};
  for (const r of result.rejected) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  const examples = result.rejected.slice(0, LOGGED_EXAMPLES).map(({ reason, id, message }) => ({ reason, id, message }));
  state.storage.logBatch(now, result.accepted, result.duplicates, result.rejected.length, { byReason, examples }, now - INGESTION_WINDOW_MS);
}
