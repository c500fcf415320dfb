/**
 * Shapes of the API's answers, as the site reads them: derived from the API's own zod schemas
 * (worker/schemas, alias `$schemas`; type imports only), the schemas its OpenAPI document is built
 * from, so a change there is a type error here.
 */
import type { z } from "zod";
import type { contestsAnswer, leaderboardAnswer, scorecardAnswer, targetProgress } from "$schemas/boards";
import type { periodAnswer } from "$schemas/common";
import type { gameRulesAnswer } from "$schemas/game";
import type { participantPageAnswer, summaryAnswer } from "$schemas/managers";
import type { weeklyReportAnswer } from "$schemas/reports";

/** `GET …/summary`: the program's public face. */
export type Summary = z.output<typeof summaryAnswer>;

/** A page of the console's participant list. */
export type ParticipantPage = z.output<typeof participantPageAnswer>;

export type PeriodInfo = z.output<typeof periodAnswer>;

/** `GET …/leaderboard`: a page of a board. */
export type Board = z.output<typeof leaderboardAnswer>;
type AnyEntry = Board["entries"][number];
/** An entry of either scope: individual entries carry `team`, team entries `members`. */
export type BoardEntry = Pick<AnyEntry, "rank" | "id" | "displayName" | "score"> &
  Partial<Pick<Extract<AnyEntry, { team: unknown }>, "team">> &
  Partial<Pick<Extract<AnyEntry, { members: unknown }>, "members">>;

/** `GET …/reports/weekly/{week}`: the Power 100. */
export type Report = z.output<typeof weeklyReportAnswer>;
export type ReportEntry = Report["entries"][number];

/** A target's progress on a score card (SPEC §4), with its forecast where there is one. */
export type Target = z.output<typeof targetProgress>;

/** A contest as `GET …/contests` lists it (SPEC §5.3), with its status now. */
export type Contest = z.output<typeof contestsAnswer>["contests"][number];

/** `GET …/game`: the program's badge rules and levels. */
export type GameRules = z.output<typeof gameRulesAnswer>;
export type BadgeDefinition = GameRules["badges"][number];
export type BadgeRule = BadgeDefinition["rule"];
export type LevelDefinition = GameRules["levels"][number];

type Scorecard = z.output<typeof scorecardAnswer>;
export type EarnedBadge = Scorecard["badges"][number];
/** A score card's level (SPEC §5.5). */
export type Level = NonNullable<Scorecard["level"]>;
