CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`day` text NOT NULL,
	`value_h` integer NOT NULL,
	`attributes` text,
	`received_at` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `ingestion_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`accepted` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`rejected` text NOT NULL,
	`rejected_count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `opt_toggles` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_pk` integer NOT NULL,
	`at` integer NOT NULL,
	`opted_in` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `opt_toggles_participant` ON `opt_toggles` (`participant_pk`,`at`,`seq`);--> statement-breakpoint
CREATE TABLE `participants` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`display_name` text NOT NULL,
	`team_key` text,
	`cohort` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_id_unique` ON `participants` (`id`);--> statement-breakpoint
CREATE TABLE `program_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rollups` (
	`day` text NOT NULL,
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`units_h` integer NOT NULL,
	`capped_h` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`day`, `participant_pk`, `metric_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `weekly_reports` (
	`week` text PRIMARY KEY NOT NULL,
	`generated_at` integer NOT NULL,
	`body` text NOT NULL
);
