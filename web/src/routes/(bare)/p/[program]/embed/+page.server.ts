import { boardQuery, loadBoard } from "$lib/server/board";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const limit = Math.min(Math.max(Number(event.url.searchParams.get("limit")) || 10, 1), 50);
  return loadBoard(event, event.params.program, { ...boardQuery(event.url, limit), find: null, cursor: null });
};
