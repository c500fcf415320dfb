CREATE TABLE `credentials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`program_id` integer,
	`participant_pk` integer,
	`role` text NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_prefix_unique` ON `credentials` (`prefix`);--> statement-breakpoint
CREATE INDEX `credentials_program` ON `credentials` (`program_id`,`role`);--> statement-breakpoint
CREATE INDEX `credentials_participant` ON `credentials` (`participant_pk`);--> statement-breakpoint
CREATE TABLE `daily_rollups` (
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`day` text NOT NULL,
	`program_id` integer NOT NULL,
	`units_h` integer NOT NULL,
	`capped_h` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`participant_pk`, `metric_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `daily_rollups_metric_day` ON `daily_rollups` (`metric_id`,`day`);--> statement-breakpoint
CREATE INDEX `daily_rollups_program_day` ON `daily_rollups` (`program_id`,`day`);--> statement-breakpoint
CREATE TABLE `events` (
	`program_id` integer NOT NULL,
	`id` text NOT NULL,
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`day` text NOT NULL,
	`value_h` integer NOT NULL,
	`attributes` text,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`program_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `events_participant` ON `events` (`participant_pk`);--> statement-breakpoint
CREATE TABLE `ingest_staging` (
	`id` text NOT NULL,
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`day` text NOT NULL,
	`value_h` integer NOT NULL,
	`attributes` text
);
--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `manager_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`manager_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manager_sessions_prefix_unique` ON `manager_sessions` (`prefix`);--> statement-breakpoint
CREATE INDEX `manager_sessions_manager` ON `manager_sessions` (`manager_id`);--> statement-breakpoint
CREATE TABLE `managers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `managers_email_unique` ON `managers` (`email`);--> statement-breakpoint
CREATE INDEX `managers_org` ON `managers` (`org_id`);--> statement-breakpoint
CREATE TABLE `metric_versions` (
	`metric_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`points_h` integer NOT NULL,
	`daily_cap_h` integer,
	`applies_from` text NOT NULL,
	`applies_until` text NOT NULL,
	PRIMARY KEY(`metric_id`, `effective_from`)
);
--> statement-breakpoint
CREATE TABLE `metrics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`indicator` text NOT NULL,
	`aggregation` text NOT NULL,
	`position` integer NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metrics_program_key` ON `metrics` (`program_id`,`key`);--> statement-breakpoint
CREATE TABLE `opt_toggles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_pk` integer NOT NULL,
	`at` integer NOT NULL,
	`opted_in` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `opt_toggles_participant` ON `opt_toggles` (`participant_pk`,`at`,`id`);--> statement-breakpoint
CREATE TABLE `orgs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orgs_slug_unique` ON `orgs` (`slug`);--> statement-breakpoint
CREATE TABLE `participants` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`id` text NOT NULL,
	`display_name` text NOT NULL,
	`team_key` text,
	`cohort` text,
	`opted_in` integer NOT NULL,
	`ranked` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_program_id` ON `participants` (`program_id`,`id`);--> statement-breakpoint
CREATE INDEX `participants_ranked` ON `participants` (`program_id`,`ranked`,`id`);--> statement-breakpoint
CREATE INDEX `participants_ranked_cohort` ON `participants` (`program_id`,`ranked`,`cohort`,`id`);--> statement-breakpoint
CREATE INDEX `participants_ranked_team` ON `participants` (`program_id`,`ranked`,`team_key`);--> statement-breakpoint
CREATE TABLE `period_scores` (
	`participant_pk` integer NOT NULL,
	`period` text NOT NULL,
	`program_id` integer NOT NULL,
	`participant_id` text NOT NULL,
	`score` integer NOT NULL,
	`ranked` integer NOT NULL,
	`cohort` text,
	`team_key` text,
	PRIMARY KEY(`participant_pk`, `period`)
);
--> statement-breakpoint
CREATE INDEX `period_scores_board` ON `period_scores` (`program_id`,`period`,`ranked`,"score" DESC,`participant_id`,`cohort`,`team_key`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`require_opt_in` integer NOT NULL,
	`visibility` text NOT NULL,
	`team_aggregation` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programs_slug_unique` ON `programs` (`slug`);--> statement-breakpoint
CREATE INDEX `programs_org` ON `programs` (`org_id`);--> statement-breakpoint
CREATE TABLE `rollup_deltas` (
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`day` text NOT NULL,
	`old_points` integer NOT NULL,
	PRIMARY KEY(`participant_pk`, `metric_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`key` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_key` text NOT NULL,
	`metric_key` text,
	`period` text NOT NULL,
	`value_h` integer NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_program_key` ON `targets` (`program_id`,`key`);--> statement-breakpoint
CREATE INDEX `targets_subject` ON `targets` (`program_id`,`subject_type`,`subject_key`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`parent_key` text,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_program_key` ON `teams` (`program_id`,`key`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`webhook_id` integer NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer,
	`last_status` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_webhook` ON `webhook_deliveries` (`webhook_id`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`format` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhooks_program` ON `webhooks` (`program_id`);--> statement-breakpoint
CREATE TABLE `weekly_reports` (
	`program_id` integer NOT NULL,
	`week` text NOT NULL,
	`generated_at` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`program_id`, `week`)
);
