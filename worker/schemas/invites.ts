import { z } from "zod";
import { participantId } from "./participants";

/** At most this many private links a request. */
export const MAX_INVITES = 1000;

/** `participants` absent: every participant of the program. */
export const invitesBody = z.strictObject({
  participants: z.array(participantId).min(1, "must hold at least 1 participant").optional(),
});
