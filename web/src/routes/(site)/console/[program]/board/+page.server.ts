import { boardQuery, loadBoard } from "$lib/server/board";
import type { PageServerLoad } from "./$types";

/** The program's board as its sellers see it, read with the manager's session (private programs too). */
export const load: PageServerLoad = async (event) => loadBoard(event, event.params.program, boardQuery(event.url), { game: true });
