/** Participants of a program: upserts, opt-in toggles (SPEC §1) and erasure, with the boards kept in step. */
import { formatInstant } from "../../scoring/instants";
import { canToggle } from "../../scoring/optin";
import { conflict, invalid } from "../errors";
import { AnnouncementStorage } from "./announcement-storage";
import { forgetInReports } from "./reports";
import type { Participant } from "./roster";
import type { EngineState } from "./state";

export interface ParticipantInput {
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
}

/** Inserts or updates the participants; a new one starts opted out. Answers how many. */
export function upsertParticipants(state: EngineState, list: ParticipantInput[], now: number): number {
  const teamKeys = new Set(state.program.teams.map((t) => t.key));
  const seen = new Set<string>();
  const problems = list.flatMap((p, i) => {
    const found = [];
    if (seen.has(p.id)) found.push({ path: `participants[${i}].id`, message: `"${p.id}" appears more than once` });
    if (p.team !== null && !teamKeys.has(p.team)) found.push({ path: `participants[${i}].team`, message: `no team "${p.team}" in this program` });
    seen.add(p.id);
    return found;
  });
  if (problems.length) throw invalid(problems);

  const rows = state.storage.transaction(() => state.storage.upsertParticipants(list, now));
  for (const row of rows) {
    const known = state.roster.get(row.pk);
    if (!known) {
      const p: Participant = { ...row, toggles: [], ranked: false };
      state.roster.put(p);
      if (state.rankedNow(p)) {
        p.ranked = true;
        state.boards.join(p, () => 0);
      }
      continue;
    }
    const oldCohort = known.cohort;
    const moved = known.team !== row.team || known.cohort !== row.cohort;
    Object.assign(known, { displayName: row.displayName, team: row.team, cohort: row.cohort });
    if (moved && known.ranked) state.boards.move(known, oldCohort, (spec) => state.figureOf(known.pk, spec));
  }
  return rows.length;
}

/**
 * Records an opt-in or opt-out at `at`. A toggle earlier than the latest is refused (409); one
 * that does not change the state is answered without storing anything.
 */
export function toggleOptIn(state: EngineState, p: Participant, optedIn: boolean, at: number) {
  if (!canToggle(p.toggles, at)) {
    const latest = Math.max(...p.toggles.map((t) => t.at));
    throw conflict("toggle_out_of_order", `a toggle earlier than the latest one (${formatInstant(latest)}) is refused`);
  }
  if ((p.toggles.at(-1)?.optedIn ?? false) !== optedIn) {
    state.storage.transaction(() => state.storage.addToggle(p.pk, at, optedIn));
    p.toggles.push({ at, optedIn });
    const ranked = state.rankedNow(p);
    if (ranked !== p.ranked) {
      if (p.ranked) state.boards.leave(p);
      p.ranked = ranked;
      if (ranked) state.boards.join(p, (spec) => state.figureOf(p.pk, spec));
    }
  }
  return { id: p.id, optedIn, at: formatInstant(at) };
}

/** Erases the participant: events, rollups, opt-in history, the row, and their entries in stored reports. */
export function eraseParticipant(state: EngineState, p: Participant): void {
  state.storage.transaction(() => {
    state.storage.eraseParticipant(p.pk, [...state.days]);
    forgetInReports(state, p.id);
    new AnnouncementStorage(state.storage).forget(p.pk);
  });
  if (p.ranked) state.boards.leave(p);
  state.roster.remove(p.pk);
}
