/**
 * Scoring stored events: folding `unscored_events` into daily rollups, period scores and team sums.
 *
 * Ingestion stores events and appends them here in one atomic batch, and folds only once the
 * backlog reaches SCORE_BACKLOG_EVENTS. One fold for many batches changes each board index page
 * once instead of once per batch, and pages written are what an ingest batch's time goes on
 * (README, Benchmarks). Every other request folds before its reads (`batchingReads` in client.ts),
 * and writes that read rollups fold inside their own batch, so nothing ever reads a stale score.
 *
 * The fold is one set of statements for every program's rows; D1 runs a batch alone and all or
 * nothing, so two folds never count a row twice, and a fold never sees half of an ingest batch.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../context";
import { batch, type BeforeReads } from "./client";
import { scoreDailyRollups } from "./rescore";
import { countScoreDeltas } from "./score-counts";
import { addScoreDeltas } from "./team-scores";

/** The backlog at which an ingest request folds it. */
export const SCORE_BACKLOG_EVENTS = 20_000;

/** Answers one row `{ n }`: how many stored events wait to be scored. */
export const countUnscored = sql`SELECT count(*) AS n FROM unscored_events`;


/** Statements that score every waiting event, for a batch of their own or at the head of another. */
export function scoreUnscoredEvents() {
  return [
    // Each touched rollup's points before the fold, to add only the difference to period scores.
    sql`
      INSERT INTO rollup_deltas (participant_pk, metric_id, day, old_points)
      SELECT k.participant_pk, k.metric_id, k.day, COALESCE(d.points, 0)
      FROM (SELECT DISTINCT participant_pk, metric_id, day FROM unscored_events) k
      LEFT JOIN daily_rollups d ON d.participant_pk = k.participant_pk AND d.metric_id = k.metric_id AND d.day = k.day`,
    sql`
      INSERT INTO daily_rollups (participant_pk, metric_id, day, program_id, units_h, capped_h, points)
      SELECT participant_pk, metric_id, day, MIN(program_id), SUM(value_h), 0, 0
      FROM unscored_events WHERE true GROUP BY participant_pk, metric_id, day
      ON CONFLICT (participant_pk, metric_id, day) DO UPDATE SET units_h = units_h + excluded.units_h`,
    scoreDailyRollups(
      sql`d.program_id`,
      // A row-value IN lets SQLite look each touched rollup up by its key; EXISTS walked them all.
      sql`(d.participant_pk, d.metric_id, d.day) IN (SELECT participant_pk, metric_id, day FROM rollup_deltas)`,
    ),
    // Each touched period score's change: the points its days gained.
    sql`
      WITH labels(day, period) AS (
        SELECT day, day FROM unscored_events
        UNION SELECT day, week FROM unscored_events
        UNION SELECT day, month FROM unscored_events
        UNION SELECT day, quarter FROM unscored_events
        UNION SELECT day, 'all' FROM unscored_events)
      INSERT INTO score_deltas (participant_pk, period, delta)
      SELECT k.participant_pk, l.period, SUM(d.points - k.old_points)
      FROM rollup_deltas k
      JOIN daily_rollups d ON d.participant_pk = k.participant_pk AND d.metric_id = k.metric_id AND d.day = k.day
      JOIN labels l ON l.day = k.day
      WHERE true
      GROUP BY k.participant_pk, l.period
      HAVING SUM(d.points - k.old_points) <> 0`,
    sql`
      INSERT INTO period_scores (participant_pk, period, program_id, participant_id, score, ranked, cohort, team_key)
      SELECT k.participant_pk, k.period, p.program_id, p.id, k.delta, p.ranked, p.cohort, p.team_key
      FROM score_deltas k JOIN participants p ON p.pk = k.participant_pk
      WHERE true
      ON CONFLICT (participant_pk, period) DO UPDATE SET score = score + excluded.score`,
    countScoreDeltas(),
    addScoreDeltas(),
    sql`DELETE FROM unscored_events`,
    sql`DELETE FROM rollup_deltas`,
    sql`DELETE FROM score_deltas`,
  ];
}

/** Scores every waiting event, in a batch of its own. */
export async function scoreWaitingEvents(db: Db): Promise<void> {
  await batch(db, scoreUnscoredEvents());
}

/** For `batchingReads`: reads see every stored event scored. */
export const scoredBeforeReads: BeforeReads = {
  stale: sql`SELECT EXISTS (SELECT 1 FROM unscored_events) AS stale`,
  refresh: scoreUnscoredEvents,
};
