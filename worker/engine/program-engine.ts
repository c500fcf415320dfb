/**
 * The program engine: one SQLite-backed Durable Object per program, the single writer of its
 * ledger (participants, opt-in histories, events, rollups, reports) and the keeper of its live
 * boards. The worker authenticates and calls it by RPC; every method runs to its end without
 * awaiting, so calls never interleave, and a write's transaction commits before it answers.
 */
import { DurableObject } from "cloudflare:workers";
import { describeContests } from "../../scoring/contests";
import { hasEnded, localDateOf } from "../../scoring/periods";
import { conflict, notFound } from "../errors";
import type { ParticipantReader } from "../published";
import { resolvePeriod } from "../period-query";
import type { ProgramDocument } from "../schemas/programs";
import type { LeaderboardQuery } from "../schemas/boards";
import { endedContests, newlyEarnedBadges } from "./announcements";
import { markAfterDocumentChange } from "./badge-checks";
import { weeklyDigest } from "./digest";
import { changeDocument, documentOf } from "./document";
import { GroupCommit } from "./group-commit";
import { type IngestResult, ingest, type ParsedEvent, type PostedBatch } from "./ingest";
import { ingestionView } from "./ingestion-view";
import { dashboard, history, participantPage, summary, upsertFacts } from "./insights";
import { leaderboard } from "./leaderboard";
import { jsonOutcomeOf, type Outcome, outcomeOf } from "./outcome";
import { eraseParticipant, type ParticipantInput, toggleOptIn, upsertParticipants } from "./participants";
import { rescore } from "./rescore";
import { generateReport, type WeeklyReport, weekOf } from "./reports";
import { publishEndedWeeks } from "./schedule";
import { type ReadPeriodKind, readPeriod } from "./periods";
import { scorecard } from "./scorecard";
import { inIdOrder, type Participant } from "./roster";
import { EngineState } from "./state";
import { weeklyChangesOf } from "./insights-changes";
import { funnelReport, type FunnelQuery } from "./insights-funnels";
import { leadIndicators } from "./insights-indicators";
import { trends } from "./insights-trends";
import { Storage } from "./storage";

/** A participant as the worker sees one: enough to decide access. */
export interface ParticipantView {
  pk: number;
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
  optedIn: boolean;
  ranked: boolean;
}

const viewOf = (p: Participant | undefined): ParticipantView | null =>
  p ? { pk: p.pk, id: p.id, displayName: p.displayName, team: p.team, cohort: p.cohort, optedIn: p.toggles.at(-1)?.optedIn ?? false, ranked: p.ranked } : null;

export class ProgramEngine extends DurableObject<Env> {
  private readonly state: EngineState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const storage = new Storage(ctx.storage);
    this.state = new EngineState(storage);
    // Memory is derived state: rebuilt from storage before the first call is let in.
    ctx.blockConcurrencyWhile(async () => {
      await storage.migrate();
      this.state.load();
    });
  }

  /** Stores the program document; answers whether the program is new, and the stored document. */
  saveDocument(settings: { programId: number; slug: string }, doc: ProgramDocument, now: number) {
    return outcomeOf(() => {
      const s = this.state;
      const stored = s.isSetUp ? s.program : null;
      const teamsInUse = new Set([...s.roster.all()].flatMap((p) => (p.team === null ? [] : [p.team])));
      const change = changeDocument(stored, settings, doc, localDateOf(now, doc.timezone), { hasEvents: s.days.size > 0, teamsInUse });
      s.storage.transaction(() => {
        s.storage.saveProgram(change.program);
        if (change.rescore) rescore(s, change.program, change.rescore.metricIds, change.rescore.from);
        markAfterDocumentChange(s, stored, change.program, change.rescore !== null);
      });
      s.setProgram(change.program);
      if (change.rescore) s.boards.clear();
      else s.boards.forgetTeams();
      if (change.rerank) s.rerank();
      return { created: stored === null, document: documentOf(change.program) };
    });
  }

  document() {
    return outcomeOf(() => documentOf(this.state.program));
  }

  summary(now: number) {
    return outcomeOf(() => summary(this.state, now));
  }

  /** The participant with the id, or null. */
  participant(id: string): ParticipantView | null {
    return viewOf(this.state.roster.find(id));
  }

  /** Nothing, where the reader may see the participant (worker/published.ts); else their refusal. */
  visible(id: string, reader: ParticipantReader) {
    return outcomeOf(() => void this.state.visibleParticipant(id, reader));
  }

  /** The participant with the row number (a token names one), or null. */
  participantByPk(pk: number): ParticipantView | null {
    return viewOf(this.state.roster.get(pk));
  }

  /** The participants listed (all where `ids` is undefined), in id order, for handing out private links. */
  participantsNamed(ids: string[] | undefined): ParticipantView[] {
    const found = ids === undefined ? [...this.state.roster.all()] : ids.flatMap((id) => this.state.roster.find(id) ?? []);
    return found.sort(inIdOrder).map((p) => viewOf(p)!);
  }

  /** The days the program's boards can show: from the earliest of its creation, first weight and first event, to today. */
  span(createdAt: number, now: number) {
    return outcomeOf(() => {
      const { timezone, metrics } = this.state.program;
      const today = localDateOf(now, timezone);
      const firstEvent = [...this.state.days].sort()[0] ?? today;
      const firstWeight = metrics.flatMap((m) => m.versions.map((v) => v.effectiveFrom)).sort()[0] ?? today;
      return { firstDay: [localDateOf(createdAt, timezone), firstWeight, firstEvent, today].sort()[0], today };
    });
  }

  upsertParticipants(list: ParticipantInput[], now: number) {
    return outcomeOf(() => upsertParticipants(this.state, list, now));
  }

  toggleOptIn(id: string, optedIn: boolean, at: number) {
    return outcomeOf(() => toggleOptIn(this.state, this.state.participant(id), optedIn, at));
  }

  /** Erases the participant; answers their pk, so the worker can revoke their tokens. */
  erase(id: string) {
    return outcomeOf(() => {
      const p = this.state.participant(id);
      eraseParticipant(this.state, p);
      return p.pk;
    });
  }

  /** Judges and stores a batch (SPEC §3); answered once it is committed, with the batches that arrived with it. */
  ingest(events: ParsedEvent[], now: number): Promise<Outcome<IngestResult>> {
    return this.posts.add({ events, now });
  }

  private readonly posts = new GroupCommit<PostedBatch, Outcome<IngestResult>>((batches) => {
    const results = outcomeOf(() => ingest(this.state, batches));
    return "ok" in results ? results.ok.map((ok) => ({ ok })) : batches.map(() => results);
  });

  ingestion(now: number) {
    return outcomeOf(() => ingestionView(this.state, now));
  }

  leaderboard(query: LeaderboardQuery, now: number) {
    return jsonOutcomeOf(() => leaderboard(this.state, query, now));
  }

  scorecard(id: string, reader: ParticipantReader, kind: ReadPeriodKind, at: string | undefined, now: number) {
    return jsonOutcomeOf(() => {
      const p = this.state.visibleParticipant(id, reader);
      return scorecard(this.state, p, readPeriod(this.state, kind, at, now), now);
    });
  }

  /** The program's contests with their status at `now` (SPEC §5.3). */
  contests(now: number) {
    return outcomeOf(() => ({ contests: describeContests(this.state.program.contests ?? [], this.state.program.timezone, now) }));
  }

  history(id: string, reader: ParticipantReader, weeks: number, at: string | undefined, now: number) {
    return outcomeOf(() => history(this.state, this.state.visibleParticipant(id, reader), resolvePeriod("week", at, this.state.program.timezone, now), weeks));
  }

  participants(q: string | undefined, offset: number, limit: number) {
    return outcomeOf(() => participantPage(this.state, q, offset, limit));
  }

  upsertFacts(ids: string[]) {
    return outcomeOf(() => upsertFacts(this.state, ids));
  }

  dashboard(at: string | undefined, now: number) {
    return outcomeOf(() => dashboard(this.state, resolvePeriod("week", at, this.state.program.timezone, now), now));
  }

  reportWeeks() {
    return outcomeOf(() => this.state.storage.reports.weeks());
  }

  report(week: string) {
    return outcomeOf(() => {
      const report = this.state.storage.reports.body(week);
      if (!report) throw notFound("report");
      return report as WeeklyReport;
    });
  }

  /** Generates (or regenerates) an ended week's report now. */
  generateReport(week: string, now: number) {
    return outcomeOf(() => {
      const period = weekOf(week);
      if (!hasEnded(period, this.state.program.timezone, now))
        throw conflict("week_not_ended", `week ${period.label} has not ended in ${this.state.program.timezone}`);
      return generateReport(this.state, period, now, true).report;
    });
  }

  /** The scheduled job's part: each recently ended week without a report gets one; answers those stored now. */
  publishEndedWeeks(now: number, createdAt: number) {
    return outcomeOf(() => publishEndedWeeks(this.state, now, createdAt));
  }

  /** The hourly job's part: contests that ended and were not announced yet, with their winners (recorded as announced). */
  announceEndedContests(now: number, createdAt: number) {
    return outcomeOf(() => endedContests(this.state, now, createdAt));
  }

  /** The hourly job's part: badges newly earned since the last run (recorded as announced). */
  announceNewBadges(now: number) {
    return outcomeOf(() => newlyEarnedBadges(this.state, now));
  }

  /** The program's badge rules and levels, for the site's scorecard (what is still to earn). */
  gameRules() {
    return outcomeOf(() => {
      const { badges, levels } = documentOf(this.state.program);
      return { badges, levels };
    });
  }

  digest(id: string, reader: ParticipantReader, week: string, now: number) {
    return outcomeOf(() => {
      const p = this.state.visibleParticipant(id, reader);
      const report = this.state.storage.reports.body(week) as WeeklyReport | null;
      if (!report) throw notFound("report");
      return weeklyDigest(this.state, p, report, now);
    });
  }

  /** Figures for the bench: participants, rows written since start, and the boards held. */
  stats() {
    return { participants: this.state.roster.size, rowsWritten: this.state.storage.rowsWritten, commits: this.posts.groups, posts: this.posts.inputs };
  }

  // Manager insights (worker/engine/insights-*.ts).

  leadIndicators(outcome: string | undefined, weeks: number, now: number) {
    return outcomeOf(() => leadIndicators(this.state, outcome, weeks, now));
  }

  weeklyChanges(week: string | undefined, now: number) {
    return outcomeOf(() => weeklyChangesOf(this.state, week, now));
  }

  funnelReport(key: string, query: FunnelQuery, now: number) {
    return outcomeOf(() => funnelReport(this.state, key, query, now));
  }

  trends(weeks: number, now: number) {
    return outcomeOf(() => trends(this.state, weeks, now));
  }
}
