DROP INDEX `managers_email_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `managers_org_email` ON `managers` (`org_id`,`email`);--> statement-breakpoint
CREATE INDEX `managers_email` ON `managers` (`email`,`id`);