import { callApi, enc, fail } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const at = event.url.searchParams.get("week");
  const answer = await callApi(event, "GET", `/v1/programs/${enc(event.params.program)}/dashboard${at ? `?at=${enc(at)}` : ""}`, { as: "manager" });
  if (!answer.ok) fail(answer);
  return { dashboard: answer.body as Dashboard };
};

export interface Dashboard {
  week: { label: string; start: string; end: string };
  participation: { participants: number; optedIn: number; optedInShare: number | null; ranked: number; activeThisWeek: number; activeShare: number | null };
  heatmap: {
    metrics: { key: string; name: string; indicator: "lead" | "lag" }[];
    teams: { key: string; name: string; members: number; cells: { metric: string; points: number; cappedUnits: number }[] }[];
  };
  targets: { key: string; team: string; teamName: string; metric: string | null; period: { label: string }; value: number; actual: number; attainment: number; expected: number; status: "met" | "on_track" | "behind"; forecast: number; forecastStatus: "will_meet" | "at_risk" | "will_miss" }[];
}
