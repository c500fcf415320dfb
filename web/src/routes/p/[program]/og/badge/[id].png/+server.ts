/** The link preview of a participant's badge page. */
import type { RequestHandler } from "./$types";
import { badgeFigures, imageCaching } from "$lib/server/badge";
import { previewCard } from "$lib/server/png/cards";
import { pngResponse } from "$lib/server/png/respond";

export const GET: RequestHandler = async (event) => {
  const figures = await badgeFigures(event, event.params.program, event.params.id);
  if (!figures) return new Response("Not found", { status: 404 });
  const png = await previewCard({ title: figures.name ?? figures.reader.summary.name, subtitle: figures.headline, rows: [], note: figures.line });
  return pngResponse(png, imageCaching(figures.reader.summary));
};
