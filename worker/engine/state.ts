/**
 * What an engine holds in memory, all derived from its storage: the program, its participants,
 * the local days that hold rollups, and the live boards. `load` rebuilds it on start.
 */
import { isRanked } from "../../scoring/optin";
import { dayReadings } from "../../scoring/gauges";
import { type DayRange, localDater } from "../../scoring/periods";
import { notFound } from "../errors";
import { type ParticipantReader, requireVisible } from "../published";
import { BoardCache, type BoardPeriod, type BoardSpec, type PeriodBoard } from "./boards";
import type { StoredMetric, StoredProgram } from "./program";
import { type Participant, Roster } from "./roster";
import type { Storage } from "./storage";

export class EngineState {
  readonly roster = new Roster();
  readonly boards: BoardCache;
  /** Local days that hold rollups, as a set: reads of one participant seek them. */
  readonly days = new Set<string>();
  private stored: StoredProgram | null = null;
  private dater: ((epochMs: number) => string) | null = null;

  constructor(readonly storage: Storage) {
    this.boards = new BoardCache(this.roster, (spec) => this.loadFigures(spec));
  }

  load(): void {
    this.stored = this.storage.program();
    for (const row of this.storage.participants()) this.roster.put({ ...row, toggles: [], ranked: false });
    for (const { participantPk, at, optedIn } of this.storage.toggles()) this.roster.get(participantPk)?.toggles.push({ at, optedIn });
    this.rerank();
    for (const day of this.storage.days()) this.days.add(day);
  }

  /** The program; 404 before its document is stored (an engine D1 names but never set up). */
  get program(): StoredProgram {
    if (!this.stored) throw notFound("program");
    return this.stored;
  }

  get isSetUp(): boolean {
    return this.stored !== null;
  }

  setProgram(program: StoredProgram): void {
    this.stored = program;
    this.dater = null;
  }

  /** The local date of an instant in the program's zone. */
  localDay(epochMs: number): string {
    this.dater ??= localDater(this.program.timezone);
    return this.dater(epochMs);
  }

  metric(id: number): StoredMetric | undefined {
    return this.program.metrics.find((m) => m.id === id);
  }

  metricByKey(key: string): StoredMetric | undefined {
    return this.program.metrics.find((m) => m.key === key);
  }

  participant(id: string): Participant {
    const p = this.roster.find(id);
    if (!p) throw notFound("participant");
    return p;
  }

  /** The participant with the id, where the reader may see them (worker/published.ts). */
  visibleParticipant(id: string, reader: ParticipantReader): Participant {
    const p = this.roster.find(id) ?? null;
    requireVisible(reader, p);
    return p!;
  }

  /** Ranked now: opted in by their latest toggle, or the program does not require opt-in (SPEC §2.8). */
  rankedNow(p: Participant): boolean {
    return isRanked(this.stored?.requireOptIn ?? true, p.toggles, Number.POSITIVE_INFINITY);
  }

  /** Decides again who is ranked; boards follow. */
  rerank(): void {
    for (const p of this.roster.all()) {
      const ranked = this.rankedNow(p);
      if (ranked === p.ranked) continue;
      if (p.ranked) this.boards.leave(p);
      p.ranked = ranked;
      if (ranked) this.boards.join(p, (spec) => this.figureOf(p.pk, spec));
    }
  }

  /** The board of the lead score over a period, for everyone ranked. */
  leadBoard(period: BoardPeriod): PeriodBoard {
    return this.boards.get({ period, figure: { kind: "points", metricIds: null }, cohort: null });
  }

  /** A participant's lead points over the days, from storage. */
  scoreOf(pk: number, days: DayRange): number {
    return this.rollupsOf(pk, days).reduce((sum, r) => sum + r.points, 0);
  }

  /** A participant's rollups over the days (every day, for `all` or null). */
  rollupsOf(pk: number, days: DayRange | null) {
    const within = [...this.days].filter((d) => days === null || days.firstDay === null || (days.firstDay <= d && d < days.endDay!));
    return this.storage.rollupsOf(pk, within);
  }

  /** Every participant's figure on a board, from storage. */
  private loadFigures({ period, figure }: BoardSpec): Map<number, number> {
    if (figure.kind === "points") return this.storage.pointsWithin(period, figure.metricIds);
    const hundredths =
      figure.kind === "capped"
        ? this.storage.cappedWithin(period, figure.metricId)
        : new Map([...this.storage.gauges.readingsUntil(figure.metricId, figure.asOf)].map(([pk, events]) => [pk, dayReadings(events).at(-1)!.readingH]));
    return new Map([...hundredths].map(([pk, h]) => [pk, h * 100]));
  }

  /** One participant's figure on a board, from storage. */
  figureOf(pk: number, { period, figure }: BoardSpec): number {
    if (figure.kind === "reading")
      return (
        (dayReadings(this.storage.gauges.readingsOf(pk, figure.metricId))
          .filter((r) => r.day <= figure.asOf)
          .at(-1)?.readingH ?? 0) * 100
      );
    const rollups = this.rollupsOf(pk, period);
    if (figure.kind === "capped") return rollups.filter((r) => r.metricId === figure.metricId).reduce((sum, r) => sum + r.cappedH, 0) * 100;
    return rollups.filter((r) => figure.metricIds === null || figure.metricIds.includes(r.metricId)).reduce((sum, r) => sum + r.points, 0);
  }
}
