/** The badge as a PNG, for places that do not show SVG: LinkedIn, Slack, e-mail. */
import type { RequestHandler } from "./$types";
import { badgeFigures, imageCaching } from "$lib/server/badge";
import { badgePng } from "$lib/server/png/cards";
import { pngResponse } from "$lib/server/png/respond";

export const GET: RequestHandler = async (event) => {
  const figures = await badgeFigures(event, event.params.program, event.params.id);
  if (!figures) return new Response("Not found", { status: 404 });
  return pngResponse(await badgePng(figures.headline, figures.line, figures.game), imageCaching(figures.reader.summary));
};
