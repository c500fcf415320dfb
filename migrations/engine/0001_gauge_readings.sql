CREATE TABLE `gauge_readings` (
	`participant_pk` integer NOT NULL,
	`metric_id` integer NOT NULL,
	`day` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`event_id` text NOT NULL,
	`value_h` integer NOT NULL,
	PRIMARY KEY(`participant_pk`, `metric_id`, `day`)
) WITHOUT ROWID;
