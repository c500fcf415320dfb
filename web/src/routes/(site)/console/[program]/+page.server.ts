import { callApi, enc, fail, read } from "$lib/server/api";
import { periodAt, type Span } from "$lib/periods";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const base = `/v1/programs/${enc(event.params.program)}`;
  const span = await read<Span>(event, `${base}/span`, "manager");
  // A week outside the program's span shows its first week, or the current one.
  const week = periodAt("week", event.url.searchParams.get("week"), span);
  const answer = await callApi(event, "GET", `${base}/dashboard?at=${enc(week.label)}`, { as: "manager" });
  if (!answer.ok) fail(answer);
  return { dashboard: answer.body as Dashboard, span };
};

export interface Dashboard {
  week: { label: string; start: string; end: string };
  participation: { participants: number; optedIn: number; optedInShare: number | null; ranked: number; activeThisWeek: number; activeShare: number | null };
  heatmap: {
    metrics: { key: string; name: string; indicator: "lead" | "lag" }[];
    teams: { key: string; name: string; members: number; cells: { metric: string; points: number; cappedUnits: number }[] }[];
  };
  targets: {
    key: string;
    team: string;
    teamName: string;
    metric: string | null;
    period: { label: string };
    value: number;
    actual: number;
    attainment: number;
    expected: number;
    status: "met" | "on_track" | "behind";
    forecast: number;
    forecastStatus: "will_meet" | "at_risk" | "will_miss";
  }[];
}
