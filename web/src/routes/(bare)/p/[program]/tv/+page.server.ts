/** TV mode: every board of the program, loaded at once; the page rotates through them. */
import { loadBoard } from "$lib/server/board";
import { loadPower } from "$lib/server/power";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const slug = event.params.program;
  const base = { at: null, cohort: null, cursor: null, find: null, limit: 10 } as const;
  const [week, teams, month, power] = await Promise.all([
    loadBoard(event, slug, { ...base, scope: "individual", period: "week" }),
    loadBoard(event, slug, { ...base, scope: "team", period: "week" }),
    loadBoard(event, slug, { ...base, scope: "individual", period: "month" }),
    loadPower(event, slug, null),
  ]);
  // Then each cohort's board this week (a few, so that a round stays short).
  const cohorts = await Promise.all(
    week.summary.cohorts.slice(0, 4).map((c) => loadBoard(event, slug, { ...base, scope: "individual", period: "week", cohort: c.name })),
  );
  const interval = Math.min(Math.max(Number(event.url.searchParams.get("interval")) || 12, 3), 300);
  return {
    summary: week.summary,
    interval,
    boards: [
      { key: "week", title: `This week · ${week.period.title}`, data: week },
      { key: "teams", title: `Teams this week · ${teams.period.title}`, data: teams },
      { key: "month", title: `This month · ${month.period.title}`, data: month },
      ...cohorts.map((data) => ({ key: `cohort:${data.query.cohort}`, title: `${data.query.cohort} this week`, data })),
    ],
    power: power.report,
  };
};
