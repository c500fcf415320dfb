import { z } from "@hono/zod-openapi";
import { participantId } from "./participants";

/** At most this many private links a request. */
export const MAX_INVITES = 1000;

/** `participants` absent: every participant of the program. */
export const invitesBody = z
  .strictObject({
    participants: z
      .array(participantId)
      .min(1, "must hold at least 1 participant")
      .optional()
      .openapi({ description: "the participants; absent: every participant" }),
  })
  .openapi("Invites", { example: { participants: ["p-01", "p-02"] } });

export const invitesAnswer = z
  .object({
    invites: z.array(
      z.object({
        id: z.string().openapi({ example: "p-01" }),
        displayName: z.string().openapi({ example: "Ana Ruiz" }),
        token: z.string().openapi({ description: "the participant's new token: shown once; earlier tokens are revoked" }),
      }),
    ),
  })
  .openapi("InviteTokens");
