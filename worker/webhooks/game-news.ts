/**
 * The hourly job's game news: for each program, its engine names the contests that ended and the
 * badges newly earned since the last run (recording them, so each is announced once), and they
 * are queued for the program's webhooks. Runs after the week's reports are stored, which can earn
 * badges of the `top` kind.
 */
import type { Db } from "../db/client";
import { programsCreatedBefore } from "../db/programs";
import { engineOf } from "../engine/client";
import { unwrap } from "../engine/outcome";
import { announceBadges, announceContests } from "./announce";

/** Answers the slugs of the programs that had news. */
export async function announceGameNews(env: Env, db: Db, now: number): Promise<string[]> {
  const candidates = await programsCreatedBefore(db, now);
  const announced: string[] = [];
  for (const program of candidates) {
    try {
      const engine = engineOf(env, program.id);
      const contests = await unwrap(engine.announceEndedContests(now, program.createdAt));
      const badges = await unwrap(engine.announceNewBadges(now));
      await announceContests(db, program, contests, now);
      await announceBadges(db, program, badges, now);
      if (contests.length + badges.length > 0) announced.push(program.slug);
    } catch (error) {
      // One program that fails must not hold back every program after it.
      console.error(`game news of ${program.slug} failed`, error);
    }
  }
  return announced;
}
