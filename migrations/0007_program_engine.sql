-- The ledger moved into each program's engine (a Durable Object): tokens named D1 participant rows that are gone.
DELETE FROM `credentials` WHERE `role` = 'participant';--> statement-breakpoint
DROP TABLE `batch_guards`;--> statement-breakpoint
DROP TABLE `daily_rollups`;--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
DROP TABLE `ingest_staging`;--> statement-breakpoint
DROP TABLE `metric_versions`;--> statement-breakpoint
DROP TABLE `metrics`;--> statement-breakpoint
DROP TABLE `opt_toggles`;--> statement-breakpoint
DROP TABLE `participants`;--> statement-breakpoint
DROP TABLE `period_scores`;--> statement-breakpoint
DROP TABLE `ranked_counts`;--> statement-breakpoint
DROP TABLE `rollup_deltas`;--> statement-breakpoint
DROP TABLE `score_counts`;--> statement-breakpoint
DROP TABLE `score_deltas`;--> statement-breakpoint
DROP TABLE `targets`;--> statement-breakpoint
DROP TABLE `team_scores`;--> statement-breakpoint
DROP TABLE `teams`;--> statement-breakpoint
DROP TABLE `unscored_events`;--> statement-breakpoint
DROP TABLE `weekly_reports`;--> statement-breakpoint
DROP INDEX `credentials_participant`;--> statement-breakpoint
CREATE INDEX `credentials_participant` ON `credentials` (`program_id`,`participant_pk`);