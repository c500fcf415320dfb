import { contestDays, loadContests } from "$lib/server/contests";
import type { PageServerLoad } from "./$types";

/** The program's contests: running first, then those to come, then those that ended, latest first. */
export const load: PageServerLoad = async (event) => {
  const { reader, contests } = await loadContests(event, event.params.program);
  const order = { running: 0, upcoming: 1, ended: 2 } as const;
  const sorted = [...contests].sort(
    (a, b) => order[a.status] - order[b.status] || (a.status === "ended" ? b.end.localeCompare(a.end) : a.start.localeCompare(b.start)),
  );
  return { summary: reader.summary, now: Date.now(), contests: sorted.map((c) => ({ ...c, days: contestDays(c, reader.summary.timezone) })) };
};
