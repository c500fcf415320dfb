-- Recounts the kept board counts (worker/db/score-counts.ts, worker/db/ranked-counts.ts) from the
-- stored scores and participants, as migration 0006 first counted them. For an upgrade whose old
-- worker kept writing between `wrangler d1 migrations apply` and `wrangler deploy`:
--   npx wrangler d1 execute DB --remote --file scripts/recount-boards.sql
DELETE FROM `ranked_counts`;
DELETE FROM `score_counts`;
INSERT INTO `ranked_counts` (`program_id`, `cohort`, `team_key`, `n`)
SELECT `program_id`, COALESCE(`cohort`, ''), COALESCE(`team_key`, ''), COUNT(*) FROM `participants`
WHERE `ranked` = 1 GROUP BY 1, 2, 3;
INSERT INTO `score_counts` (`program_id`, `period`, `board`, `bucket`, `n`)
SELECT `program_id`, `period`, `board`, `bucket`, COUNT(*) FROM (
  SELECT `program_id`, `period`, '' AS `board`, IIF(`score` >= 1000000000000000, 1000000000000000, CAST(substr(`score`, 1, 2) || substr('000000000000000000', 1, length(`score`) - 2) AS INTEGER)) AS `bucket`
  FROM `period_scores` WHERE `ranked` = 1 AND `score` > 0
  UNION ALL
  SELECT `program_id`, `period`, `cohort`, IIF(`score` >= 1000000000000000, 1000000000000000, CAST(substr(`score`, 1, 2) || substr('000000000000000000', 1, length(`score`) - 2) AS INTEGER))
  FROM `period_scores` WHERE `ranked` = 1 AND `score` > 0 AND `cohort` IS NOT NULL)
GROUP BY 1, 2, 3, 4;
