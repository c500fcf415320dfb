/** Query parameters of the read endpoints. */
import { z } from "zod";
import { PERIOD_KINDS } from "../../scoring/periods";
import { printable, text } from "./common";

/** A period kind, or `contest` (SPEC §5.3), whose `at` names the contest. */
const periodKind = z.enum([...PERIOD_KINDS, "contest"]);

export const leaderboardQuery = z.object({
  scope: z.enum(["individual", "team"]).default("individual"),
  period: periodKind.default("week"),
  /** A metric key (SPEC §5.2): the board ranks by that metric's figure. */
  metric: text().min(1).max(64).optional(),
  at: text().max(32).optional(),
  cohort: printable(1, 100).optional(),
  limit: z.coerce.number().int("must be a whole number").min(1).max(1000).default(100),
  cursor: text().max(2000).optional(),
  around: text().min(1).max(512).optional(),
});

export type LeaderboardQuery = z.output<typeof leaderboardQuery>;

export const scoreQuery = z.object({
  period: periodKind.default("week"),
  at: text().max(32).optional(),
});
