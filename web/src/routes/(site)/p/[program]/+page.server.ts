import { boardQuery, loadBoard } from "$lib/server/board";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => loadBoard(event, event.params.program, boardQuery(event.url), { game: true });
