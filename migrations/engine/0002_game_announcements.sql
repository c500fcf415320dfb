CREATE TABLE `announced_contests` (
	`key` text PRIMARY KEY NOT NULL,
	`announced_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `badge_awards` (
	`participant_pk` integer NOT NULL,
	`badge_key` text NOT NULL,
	`earned_on` text NOT NULL,
	`announced_at` integer,
	PRIMARY KEY(`participant_pk`, `badge_key`)
);
--> statement-breakpoint
CREATE TABLE `badge_checks` (
	`participant_pk` integer PRIMARY KEY NOT NULL
);
