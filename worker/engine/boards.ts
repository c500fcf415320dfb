/**
 * Live boards in memory: for each board asked for (a period's lead score, a contest, one metric's
 * figure), every participant it ranks in an order-statistic structure (scoring/ranked-board.ts),
 * for the whole program and for each cohort. Boards are derived state: loaded from storage when
 * first asked for, kept in step by every write after that, and dropped when unused (at most
 * MAX_BOARDS are held).
 */
import type { DayRange } from "../../scoring/periods";
import { RankedBoard } from "../../scoring/ranked-board";
import { directTotals, rollUp, type Totals } from "../../scoring/teams";
import type { Participant, Roster } from "./roster";
import { TeamDaySums } from "./team-day-sums";

/** Enough for a day, week, month, quarter, all time, the previous week and a few more. */
export const MAX_BOARDS = 12;

/** A period as boards see it: its days, and a name for the answer (`week 2026-W47`, a contest's key). */
export interface BoardPeriod extends DayRange {
  kind: string;
  label: string;
}

/** What a board ranks by (SPEC §2.6, §5.2, §5.3), in ten-thousandths. */
export type BoardFigure =
  /** Lead points of every lead metric, or only of the given ones (a contest's). */
  | { kind: "points"; metricIds: readonly number[] | null }
  /** Capped units of one count or sum metric (hundredths × 100). */
  | { kind: "capped"; metricId: number }
  /** A gauge's reading at the end of `asOf` (hundredths × 100). */
  | { kind: "reading"; metricId: number; asOf: string };

export interface BoardSpec {
  period: BoardPeriod;
  figure: BoardFigure;
  /** Only this cohort competes (a contest's), or everyone ranked. */
  cohort: string | null;
}

/** A change of one participant's figures on a day, from ingestion. */
export interface FigureMove {
  participantPk: number;
  day: string;
  metricId: number;
  points: number;
  cappedH: number;
}

/** A board's ranking, and each cohort's, with team totals computed on demand. */
export class PeriodBoard {
  readonly cohorts = new Map<string, RankedBoard>();
  private teams = new Map<string, Map<string, Totals>>();

  constructor(
    readonly spec: BoardSpec,
    readonly program: RankedBoard,
    private readonly roster: Roster,
  ) {
    for (const { key, score } of program.entries()) this.cohortBoard(roster.get(key)!.cohort)?.set(key, score);
  }

  /** The board of everyone it ranks, or of one cohort (empty for a cohort nobody is in). */
  ranking(cohort: string | null): RankedBoard {
    if (cohort === null) return this.program;
    return this.cohorts.get(cohort) ?? new RankedBoard(this.roster.tieOrder);
  }

  /** Whether the participant competes here: ranked (SPEC §2.8), and of the board's cohort where it has one. */
  ranks(p: Participant): boolean {
    return p.ranked && (this.spec.cohort === null || p.cohort === this.spec.cohort);
  }

  /** The change of this board's figure that a move makes (0 for moves of other metrics or days). */
  deltaOf(move: FigureMove): number {
    const { period, figure } = this.spec;
    if (period.firstDay !== null && (move.day < period.firstDay || move.day >= period.endDay!)) return 0;
    if (figure.kind === "points") return figure.metricIds === null || figure.metricIds.includes(move.metricId) ? move.points : 0;
    if (figure.kind === "capped") return figure.metricId === move.metricId ? move.cappedH * 100 : 0;
    return 0;
  }

  add(p: Participant, delta: number): void {
    this.program.add(p.pk, delta);
    this.cohortBoard(p.cohort)?.add(p.pk, delta);
    this.teams.clear();
  }

  set(p: Participant, score: number): void {
    this.program.set(p.pk, score);
    this.cohortBoard(p.cohort)?.set(p.pk, score);
    this.teams.clear();
  }

  delete(p: Participant, cohort = p.cohort): void {
    this.program.delete(p.pk);
    if (cohort !== null) this.cohorts.get(cohort)?.delete(p.pk);
    this.teams.clear();
  }

  forgetTeams(): void {
    this.teams.clear();
  }

  /** Totals per team over its whole subtree, of the participants ranked here (of one cohort, where given). */
  teamTotals(teams: readonly { key: string; parent: string | null }[], cohort: string | null): Map<string, Totals> {
    const cached = this.teams.get(cohort ?? "");
    if (cached) return cached;
    const members = [...this.ranking(cohort).entries()].map(({ key, score }) => ({ team: this.roster.get(key)!.team, score }));
    const totals = rollUp(teams, directTotals(members));
    this.teams.set(cohort ?? "", totals);
    return totals;
  }

  private cohortBoard(cohort: string | null): RankedBoard | undefined {
    if (cohort === null) return undefined;
    let board = this.cohorts.get(cohort);
    if (!board) this.cohorts.set(cohort, (board = new RankedBoard(this.roster.tieOrder)));
    return board;
  }
}

/** Each participant's figure on a board (pk → ten-thousandths), from storage. */
export type LoadFigures = (spec: BoardSpec) => Map<number, number>;

export class BoardCache {
  /** In the order of last use, oldest first. */
  private readonly boards = new Map<string, PeriodBoard>();
  /** Teams' own daily figures for the dashboard's forecasts, forgotten as the boards move. */
  readonly teamDays = new TeamDaySums();

  constructor(
    private readonly roster: Roster,
    private readonly loadFigures: LoadFigures,
  ) {}

  get(spec: BoardSpec): PeriodBoard {
    const key = JSON.stringify([spec.period.kind, spec.period.label, spec.period.firstDay, spec.period.endDay, spec.figure, spec.cohort]);
    let board = this.boards.get(key);
    if (board) {
      this.boards.delete(key);
    } else {
      const figures = this.loadFigures(spec);
      const ranks = (p: Participant) => p.ranked && (spec.cohort === null || p.cohort === spec.cohort);
      const entries = this.roster
        .ranked()
        .filter(ranks)
        .map((p) => ({ key: p.pk, score: figures.get(p.pk) ?? 0 }));
      board = new PeriodBoard(spec, RankedBoard.from(entries, this.roster.tieOrder), this.roster);
      if (this.boards.size >= MAX_BOARDS) this.boards.delete(this.boards.keys().next().value!);
    }
    this.boards.set(key, board);
    return board;
  }

  /** Applies ingestion's changes to every held board they touch. */
  apply(moves: readonly FigureMove[]): void {
    this.teamDays.forgetDays(moves.map((m) => m.day));
    for (const move of moves) {
      const p = this.roster.get(move.participantPk);
      if (!p?.ranked) continue;
      for (const board of this.boards.values()) {
        const delta = board.ranks(p) ? board.deltaOf(move) : 0;
        if (delta !== 0) board.add(p, delta);
      }
    }
  }

  /** Drops the boards of a gauge's readings: a late reading can change any of them, and they load cheaply. */
  dropReadings(metricId: number): void {
    for (const [key, board] of this.boards) {
      if (board.spec.figure.kind === "reading" && board.spec.figure.metricId === metricId) this.boards.delete(key);
    }
  }

  /** Puts a participant who became ranked on every held board that ranks them, at their figure there. */
  join(p: Participant, figureIn: (spec: BoardSpec) => number): void {
    this.teamDays.clear();
    for (const board of this.boards.values()) if (board.ranks(p)) board.set(p, figureIn(board.spec));
  }

  /** Moves a participant to their new cohort and team on every held board, keeping their figures. */
  move(p: Participant, oldCohort: string | null, figureIn: (spec: BoardSpec) => number): void {
    this.teamDays.clear();
    for (const board of this.boards.values()) {
      const score = board.program.scoreOf(p.pk);
      if (score !== undefined) board.delete(p, oldCohort);
      // A contest's cohort decides who competes: a move can bring a participant on or take them off.
      if (board.ranks(p)) board.set(p, score ?? figureIn(board.spec));
    }
  }

  /** Takes a participant off every held board (unranked or erased). */
  leave(p: Participant, cohort = p.cohort): void {
    this.teamDays.clear();
    for (const board of this.boards.values()) board.delete(p, cohort);
  }

  forgetTeams(): void {
    for (const board of this.boards.values()) board.forgetTeams();
  }

  /** Drops every board: the next read loads them again (after a re-score). */
  clear(): void {
    this.boards.clear();
    this.teamDays.clear();
  }
}
