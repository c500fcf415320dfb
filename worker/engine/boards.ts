/**
 * Live boards in memory: for each period a board is asked for, every ranked participant's score
 * in an order-statistic structure (scoring/ranked-board.ts), for the whole program and for each
 * cohort. Boards are derived state: loaded from the rollups when first asked for, kept in step by
 * every write after that, and dropped when unused (at most MAX_BOARDS are held).
 */
import type { Period } from "../../scoring/periods";
import { RankedBoard } from "../../scoring/ranked-board";
import { directTotals, rollUp, type Totals } from "../../scoring/teams";
import type { Participant, Roster } from "./roster";

/** Enough for a day, week, month, quarter, all time, the previous week and a few past periods. */
export const MAX_BOARDS = 10;

/** A period's board: the program's and each cohort's ranking, and team totals computed on demand. */
export class PeriodBoard {
  readonly cohorts = new Map<string, RankedBoard>();
  private teams = new Map<string, Map<string, Totals>>();

  constructor(
    readonly period: Period,
    readonly program: RankedBoard,
    private readonly roster: Roster,
  ) {
    for (const { key, score } of program.entries()) this.cohortBoard(roster.get(key)!.cohort)?.set(key, score);
  }

  /** The board of everyone ranked, or of one cohort (empty for a cohort nobody is in). */
  ranking(cohort: string | null): RankedBoard {
    if (cohort === null) return this.program;
    return this.cohorts.get(cohort) ?? new RankedBoard(this.roster.tieOrder);
  }

  contains(day: string): boolean {
    return this.period.firstDay === null || (this.period.firstDay <= day && day < this.period.endDay!);
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

  /** Totals per team over its whole subtree, of the ranked participants (of one cohort, where given). */
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

/** Scores per participant (pk) over the period's days, from storage. */
export type LoadScores = (period: Period) => Map<number, number>;

export class BoardCache {
  /** In the order of last use, oldest first. */
  private readonly boards = new Map<string, PeriodBoard>();

  constructor(
    private readonly roster: Roster,
    private readonly loadScores: LoadScores,
  ) {}

  get(period: Period): PeriodBoard {
    const key = keyOf(period);
    let board = this.boards.get(key);
    if (board) {
      this.boards.delete(key);
    } else {
      const scores = this.loadScores(period);
      const entries = this.roster.ranked().map((p) => ({ key: p.pk, score: scores.get(p.pk) ?? 0 }));
      board = new PeriodBoard(period, RankedBoard.from(entries, this.roster.tieOrder), this.roster);
      if (this.boards.size >= MAX_BOARDS) this.boards.delete(this.boards.keys().next().value!);
    }
    this.boards.set(key, board);
    return board;
  }

  /** Adds a participant's change of points on a day to every held board of a period holding it. */
  addPoints(p: Participant, day: string, delta: number): void {
    if (!p.ranked || delta === 0) return;
    for (const board of this.boards.values()) if (board.contains(day)) board.add(p, delta);
  }

  /** Puts a participant who became ranked on every held board, at their score there. */
  join(p: Participant, scoreIn: (period: Period) => number): void {
    for (const board of this.boards.values()) board.set(p, scoreIn(board.period));
  }

  /** Moves a participant to their new cohort and team on every held board, keeping their scores. */
  move(p: Participant, oldCohort: string | null): void {
    for (const board of this.boards.values()) {
      const score = board.program.scoreOf(p.pk);
      if (score === undefined) continue;
      board.delete(p, oldCohort);
      board.set(p, score);
    }
  }

  /** Takes a participant off every held board (unranked or erased). */
  leave(p: Participant, cohort = p.cohort): void {
    for (const board of this.boards.values()) board.delete(p, cohort);
  }

  /** Forgets team totals, after the teams changed. */
  forgetTeams(): void {
    for (const board of this.boards.values()) board.forgetTeams();
  }

  /** Drops every board: the next read loads them again (after a re-score). */
  clear(): void {
    this.boards.clear();
  }
}

const keyOf = (period: Period) => `${period.kind}:${period.label}`;
