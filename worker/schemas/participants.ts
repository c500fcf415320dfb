import { z } from "@hono/zod-openapi";
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

export const upsertParticipantsBody = z
  .strictObject({
    participants: z.array(participantSchema).min(1, "must hold at least 1 participant"),
  })
  .openapi("Participants", {
    example: {
      participants: [
        { id: "p-01", displayName: "Ana Ruiz", team: "north", cohort: "Manchester" },
        { id: "p-02", displayName: "Ben Okafor", team: "south", cohort: "London" },
      ],
    },
  });

export const optToggleBody = z
  .strictObject({ at: instant.optional().openapi({ description: "RFC 3339; default now", example: "2026-11-16T09:00:00Z" }) })
  .openapi("OptToggle");

export const upsertAnswer = z.object({ upserted: z.number().int().openapi({ example: 2 }) }).openapi("Upserted");

export const optAnswer = z
  .object({
    id: z.string().openapi({ example: "p-01" }),
    optedIn: z.boolean().openapi({ example: true }),
    at: z.string().openapi({ example: "2026-11-16T09:00:00Z" }),
  })
  .openapi("OptState");

export const tokenAnswer = z
  .object({ token: z.string().openapi({ description: "the participant's token: shown once, stored only as a hash" }) })
  .openapi("ParticipantToken");
