/**
 * Ingesting a batch inside the program's engine (SPEC §3): judge each event against what is
 * stored (scoring/ingestion.ts), store the accepted ones and their days' rollups in one
 * transaction, then move the live boards. The engine is the program's one writer and handles one
 * call at a time, so two batches never race; the transaction commits before the answer.
 */
import type { EventContent, IncomingEvent, RejectionReason } from "../../scoring/ingestion";
import { judgeBatch } from "../../scoring/ingestion";
import { dayFigures } from "../../scoring/score";
import { INGESTION_WINDOW_MS } from "./ingestion-view";
import type { EngineState } from "./state";
import type { RollupRow, StoredEventRow } from "./storage";

/** An event as the worker parsed it: its fields typed, or why it is invalid. */
export type ParsedEvent = IncomingEvent | { invalid: string; id: string | null };

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; reason: RejectionReason; message: string }[];
}

/** How many rejections of a batch the ingestion log keeps as examples. */
const LOGGED_EXAMPLES = 20;

export function ingest(state: EngineState, parsed: ParsedEvent[], now: number): IngestResult {
  const program = state.program;
  const events = parsed.filter((e): e is IncomingEvent => !("invalid" in e));
  const verdicts = judgeBatch(parsed, {
    now,
    requireOptIn: program.requireOptIn,
    metrics: new Map(program.metrics.map((m) => [m.key, { aggregation: m.aggregation, archived: m.archived }])),
    participants: new Map(events.flatMap((e) => {
      const p = state.roster.find(e.participant);
      return p ? [[p.id, p.toggles] as const] : [];
    })),
    stored: storedContent(state, [...new Set(events.map((e) => e.id))]),
  });

  const rows: StoredEventRow[] = [];
  verdicts.forEach((v, i) => {
    if (v.outcome !== "accepted") return;
    const e = parsed[i] as IncomingEvent;
    rows.push({
      id: e.id,
      participantPk: state.roster.find(e.participant)!.pk,
      metricId: state.metricByKey(e.metric)!.id,
      occurredAt: e.occurredAt,
      day: state.localDay(e.occurredAt),
      valueH: v.content.valueH,
      attributes: v.content.attributes,
    });
  });
  const result = summarise(parsed, verdicts);

  const moves = state.storage.transaction(() => {
    const changed = rows.length ? storeEvents(state, rows, now) : [];
    logBatch(state, result, now);
    return changed;
  });
  for (const r of rows) state.days.add(r.day);
  for (const m of moves) state.boards.addPoints(state.roster.get(m.participantPk)!, m.day, m.delta);
  return result;
}

/** Stores the events and their rollups; answers each changed rollup's change of points. */
function storeEvents(state: EngineState, rows: StoredEventRow[], now: number) {
  state.storage.insertEvents(rows, now);
  const added = new Map<string, RollupRow>();
  for (const r of rows) {
    const key = `${r.day}|${r.participantPk}|${r.metricId}`;
    const sum = added.get(key);
    if (sum) sum.unitsH += r.valueH;
    else added.set(key, { day: r.day, participantPk: r.participantPk, metricId: r.metricId, unitsH: r.valueH, cappedH: 0, points: 0 });
  }
  const before = new Map(
    state.storage.rollupsAt([...added.values()].map((r) => [r.day, r.participantPk, r.metricId])).map((r) => [`${r.day}|${r.participantPk}|${r.metricId}`, r]),
  );
  const moves: { participantPk: number; day: string; delta: number }[] = [];
  const written = [...added].map(([key, add]) => {
    const old = before.get(key);
    const metric = state.metric(add.metricId)!;
    const figures = dayFigures(metric, add.day, (old?.unitsH ?? 0) + add.unitsH);
    moves.push({ participantPk: add.participantPk, day: add.day, delta: figures.points - (old?.points ?? 0) });
    return { ...add, ...figures };
  });
  state.storage.writeRollups(written);
  return moves;
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
