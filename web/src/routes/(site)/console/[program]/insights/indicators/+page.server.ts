import { callApi, enc, fail, fieldErrors, refusedWith } from "$lib/server/api";
import type { Indicators } from "$lib/insights";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const params = new URLSearchParams();
  for (const name of ["outcome", "weeks"]) {
    const value = event.url.searchParams.get(name);
    if (value) params.set(name, value);
  }
  const answer = await callApi<Indicators>(event, "GET", `/v1/programs/${enc(event.params.program)}/insights/indicators?${params}`, { as: "manager" });
  // A program without an outcome to measure against is a page to explain, not an error.
  if (refusedWith(answer, "invalid")) return { indicators: null, problem: Object.values(fieldErrors(answer))[0] };
  if (!answer.ok) fail(answer);
  return { indicators: answer.body, problem: undefined };
};
