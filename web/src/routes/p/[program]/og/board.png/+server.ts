/** The link preview of a board: the program, the board's period and its top five. */
import type { RequestHandler } from "./$types";
import { imageCaching } from "$lib/server/badge";
import { boardQuery, loadBoard } from "$lib/server/board";
import { points } from "$lib/periods";
import { previewCard } from "$lib/server/png/cards";
import { pngResponse } from "$lib/server/png/respond";

export const GET: RequestHandler = async (event) => {
  const board = await loadBoard(event, event.params.program, { ...boardQuery(event.url, 5), find: null, cursor: null }).catch(() => null);
  if (!board) return new Response("Not found", { status: 404 });
  const scope = board.query.scope === "team" ? "Teams" : (board.query.cohort ?? "Leaderboard");
  const png = await previewCard({
    title: board.summary.name,
    subtitle: `${scope} · ${board.period.title}`,
    rows: board.board.entries.map((e) => ({ rank: e.rank, name: e.displayName, score: points(e.score) })),
    note: "No one is on this board yet.",
  });
  return pngResponse(png, imageCaching(board.summary));
};
