CREATE TABLE `batch_guards` (
	`still_true` integer NOT NULL,
	CONSTRAINT "read_still_true" CHECK("batch_guards"."still_true" = 1)
);
