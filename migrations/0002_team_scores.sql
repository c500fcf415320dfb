CREATE TABLE `score_deltas` (
	`participant_pk` integer NOT NULL,
	`period` text NOT NULL,
	`delta` integer NOT NULL,
	PRIMARY KEY(`participant_pk`, `period`)
);
--> statement-breakpoint
CREATE TABLE `team_scores` (
	`program_id` integer NOT NULL,
	`period` text NOT NULL,
	`board` text NOT NULL,
	`team_key` text NOT NULL,
	`score` integer NOT NULL,
	PRIMARY KEY(`program_id`, `period`, `board`, `team_key`)
);
--> statement-breakpoint
INSERT INTO `team_scores` (`program_id`, `period`, `board`, `team_key`, `score`)
SELECT `program_id`, `period`, '', `team_key`, SUM(`score`) FROM `period_scores`
WHERE `ranked` = 1 AND `team_key` IS NOT NULL GROUP BY `program_id`, `period`, `team_key`
UNION ALL
SELECT `program_id`, `period`, `cohort`, `team_key`, SUM(`score`) FROM `period_scores`
WHERE `ranked` = 1 AND `team_key` IS NOT NULL AND `cohort` IS NOT NULL GROUP BY `program_id`, `period`, `cohort`, `team_key`;
