/**
 * Whether a reader may see one participant (SPEC §4, "Who is published"). The worker decides who
 * the reader is (auth.ts's participantReader); the engine, which knows the participant, applies it.
 */
import { forbidden, notFound } from "./errors";

export interface ParticipantReader {
  /** An admin of the program's organisation. */
  everyone: boolean;
  /** The participant the credential is a token of, in this program. */
  ownPk: number | null;
  /** A public program: others are seen while ranked. */
  rankedOthers: boolean;
}

/** Throws unless the reader may see the participant: an unknown or unpublished one answers 404 alike. */
export function requireVisible(reader: ParticipantReader, participant: { pk: number; ranked: boolean } | null): void {
  if (participant !== null && (reader.everyone || participant.pk === reader.ownPk)) return;
  if (!reader.everyone && !reader.rankedOthers) throw forbidden("only an admin or this participant's token may do this");
  if (participant === null || !participant.ranked) throw notFound("participant");
}
