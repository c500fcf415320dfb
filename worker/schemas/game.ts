/** A program's badge rules and levels (SPEC §5.4, §5.5), as the site's score card reads them. */
import { z } from "@hono/zod-openapi";
import { badgeAnswer, levelAnswer } from "./programs";

export const gameRulesAnswer = z.object({ badges: z.array(badgeAnswer), levels: z.array(levelAnswer) }).openapi("GameRules");
