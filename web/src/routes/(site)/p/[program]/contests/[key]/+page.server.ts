import { LIVE } from "$lib/live";
import { contestDays, loadContest } from "$lib/server/contests";
import type { PageServerLoad } from "./$types";

/** A contest's page: a countdown while it is to come, its live board while it runs, its winners once it has ended. */
export const load: PageServerLoad = async (event) => {
  event.depends(LIVE);
  const found = await loadContest(event, event.params.program, event.params.key);
  const names = new Map(found.summary.metrics.map((m) => [m.key, m.name]));
  return {
    ...found,
    now: Date.now(),
    days: contestDays(found.contest, found.summary.timezone),
    counts: found.contest.metrics?.map((k) => names.get(k) ?? k) ?? null,
  };
};
