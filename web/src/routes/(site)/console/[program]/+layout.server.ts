import { error } from "@sveltejs/kit";
import { readDocument, requireManager } from "$lib/server/console";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async (event) => {
  const me = await requireManager(event);
  const program = me.programs.find((p) => p.slug === event.params.program);
  if (!program) error(404, "Not found");
  return { me, program, doc: await readDocument(event, program.slug) };
};
