/** The link preview of a week's Power 100: its top five. */
import type { RequestHandler } from "./$types";
import { imageCaching } from "$lib/server/badge";
import { weekTitle, points } from "$lib/periods";
import { loadPower } from "$lib/server/power";
import { previewCard } from "$lib/server/png/cards";
import { pngResponse } from "$lib/server/png/respond";

export const GET: RequestHandler = async (event) => {
  const power = await loadPower(event, event.params.program, event.params.week).catch(() => null);
  if (!power?.report) return new Response("Not found", { status: 404 });
  const png = await previewCard({
    title: `${power.summary.name} Power 100`,
    subtitle: weekTitle(power.report.week),
    rows: power.report.entries.map((e) => ({ rank: e.rank, name: e.displayName, score: points(e.score) })),
    note: "No one scored that week.",
  });
  return pngResponse(png, imageCaching(power.summary));
};
