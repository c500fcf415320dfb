import { callApi, enc, fail } from "$lib/server/api";
import type { Trends } from "$lib/insights";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const weeks = event.url.searchParams.get("weeks") ?? "12";
  const answer = await callApi<Trends>(event, "GET", `/v1/programs/${enc(event.params.program)}/insights/trends?weeks=${enc(weeks)}`, { as: "manager" });
  if (!answer.ok) fail(answer);
  return { trends: answer.body, weeks: Number(weeks) };
};
