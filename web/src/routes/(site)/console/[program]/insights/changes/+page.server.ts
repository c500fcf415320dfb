import { callApi, enc, errorMessage, fail, refusedWith } from "$lib/server/api";
import type { Changes } from "$lib/insights";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const week = event.url.searchParams.get("week");
  const answer = await callApi<Changes>(event, "GET", `/v1/programs/${enc(event.params.program)}/insights/changes${week ? `?week=${enc(week)}` : ""}`, {
    as: "manager",
  });
  // A week still running has no digest yet: say so on the page.
  if (refusedWith(answer, "week_not_ended", "invalid")) return { changes: null, message: errorMessage(answer), week };
  if (!answer.ok) fail(answer);
  return { changes: answer.body, message: null, week };
};
