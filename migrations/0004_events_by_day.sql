DROP INDEX `events_participant`;--> statement-breakpoint
CREATE INDEX `events_day_participant` ON `events` (`program_id`,`day`,`participant_pk`);