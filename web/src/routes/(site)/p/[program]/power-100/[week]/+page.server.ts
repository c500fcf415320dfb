import { loadPower } from "$lib/server/power";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => loadPower(event, event.params.program, event.params.week);
