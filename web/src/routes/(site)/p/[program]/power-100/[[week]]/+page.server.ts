import { loadPower } from "$lib/server/power";
import type { PageServerLoad } from "./$types";

/** The latest report without a week in the path, else that week's. */
export const load: PageServerLoad = async (event) => loadPower(event, event.params.program, event.params.week ?? null);
