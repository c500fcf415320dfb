import { enc, read } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export interface IngestionLog {
  since: string;
  totals: { batches: number; accepted: number; duplicates: number; rejected: number };
  reasons: { reason: string; count: number; lastAt: string; example: { id: string | null; message: string } }[];
  batches: { at: string; accepted: number; duplicates: number; rejected: number }[];
}

export const load: PageServerLoad = async (event) => ({
  log: await read<IngestionLog>(event, `/v1/programs/${enc(event.params.program)}/ingestion`, "manager"),
});
