import { z } from "zod";
import { displayText, instant, printable, text } from "./common";

/** "." and ".." could never be reached in a URL path: clients normalise them away. */
export const participantId = printable(1, 128).refine((id) => id !== "." && id !== "..", 'must not be "." or ".."');

export const participantSchema = z.strictObject({
  id: participantId,
  displayName: displayText,
  team: text().nullable().default(null),
  cohort: printable(1, 100).nullable().default(null),
});

/** At most 1000 per request; a longer list is refused with 413 before this schema is applied. */
export const MAX_PARTICIPANTS = 1000;

export const upsertParticipantsBody = z.strictObject({
  participants: z.array(participantSchema).min(1, "must hold at least 1 participant"),
});

export const optToggleBody = z.strictObject({ at: instant.optional() });
