import { error } from "@sveltejs/kit";
import { badgeFigures } from "$lib/server/badge";
import type { PageServerLoad } from "./$types";

/** A participant's badge to share: the images, and what to paste where. */
export const load: PageServerLoad = async (event) => {
  const { program, id } = event.params;
  const figures = await badgeFigures(event, program, id);
  if (!figures || figures.name === null) error(404, "Not found");
  return {
    summary: figures.reader.summary,
    id,
    name: figures.name,
    headline: figures.headline,
    line: figures.line,
    game: figures.game,
    origin: event.url.origin,
  };
};
