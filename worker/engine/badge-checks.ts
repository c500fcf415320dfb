/**
 * Which participants the next badge check looks at (announcements.ts): those whose rollups changed,
 * or everyone when the badges or the weights did. Only programs with badges keep the list.
 */
import type { BadgeRule } from "../../scoring/badges";
import { AnnouncementStorage } from "./announcement-storage";
import type { StoredProgram } from "./program";
import type { EngineState } from "./state";

/** Marks the participants, inside the caller's transaction, where the program has badges (of `kind`, where given). */
export function markForBadgeCheck(state: EngineState, pks: Iterable<number>, kind?: BadgeRule["kind"]): void {
  const badges = state.program.badges ?? [];
  if (!badges.some((b) => kind === undefined || b.rule.kind === kind)) return;
  new AnnouncementStorage(state.storage).markForBadgeCheck(pks);
}

/** After a document change: everyone is checked where the badges changed, or where a re-weight moved points. */
export function markAfterDocumentChange(state: EngineState, before: StoredProgram | null, after: StoredProgram, rescored: boolean): void {
  const badges = after.badges ?? [];
  if (badges.length === 0) return;
  if (!rescored && JSON.stringify(before?.badges ?? []) === JSON.stringify(badges)) return;
  new AnnouncementStorage(state.storage).markEveryoneForBadgeCheck();
}
