CREATE TABLE `ranked_counts` (
	`program_id` integer NOT NULL,
	`cohort` text NOT NULL,
	`team_key` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`program_id`, `cohort`, `team_key`)
);
--> statement-breakpoint
CREATE TABLE `score_counts` (
	`program_id` integer NOT NULL,
	`period` text NOT NULL,
	`board` text NOT NULL,
	`bucket` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`program_id`, `period`, `board`, `bucket`)
);
--> statement-breakpoint
-- Counts of what is already stored (worker/db/ranked-counts.ts and score-counts.ts keep them from here on).
INSERT INTO `ranked_counts` (`program_id`, `cohort`, `team_key`, `n`)
SELECT `program_id`, COALESCE(`cohort`, ''), COALESCE(`team_key`, ''), COUNT(*) FROM `participants`
WHERE `ranked` = 1 GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `score_counts` (`program_id`, `period`, `board`, `bucket`, `n`)
SELECT `program_id`, `period`, `board`, `bucket`, COUNT(*) FROM (
  SELECT `program_id`, `period`, '' AS `board`, IIF(`score` >= 1000000000000000, 1000000000000000, CAST(substr(`score`, 1, 2) || substr('000000000000000000', 1, length(`score`) - 2) AS INTEGER)) AS `bucket`
  FROM `period_scores` WHERE `ranked` = 1 AND `score` > 0
  UNION ALL
  SELECT `program_id`, `period`, `cohort`, IIF(`score` >= 1000000000000000, 1000000000000000, CAST(substr(`score`, 1, 2) || substr('000000000000000000', 1, length(`score`) - 2) AS INTEGER))
  FROM `period_scores` WHERE `ranked` = 1 AND `score` > 0 AND `cohort` IS NOT NULL)
GROUP BY 1, 2, 3, 4;
