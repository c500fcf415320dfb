CREATE TABLE `unscored_events` (
	`program_id` integer NOT NULL,
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`day` text NOT NULL,
	`week` text NOT NULL,
	`month` text NOT NULL,
	`quarter` text NOT NULL,
	`value_h` integer NOT NULL
);
