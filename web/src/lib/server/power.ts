/** Loading a Power 100 page: the program, the archive of weeks, and one week's report. */
import { error, type RequestEvent } from "@sveltejs/kit";
import type { Report, Summary } from "$lib/types";
import { callApi, enc, fail, read } from "./api";

export async function loadPower(event: RequestEvent, slug: string, week: string | null) {
  const [summary, { weeks }] = await Promise.all([
    read<Summary>(event, `/v1/programs/${enc(slug)}/summary`),
    read<{ weeks: string[] }>(event, `/v1/programs/${enc(slug)}/reports/weekly`),
  ]);
  const shown = week ?? weeks[0] ?? null;
  if (week !== null && !weeks.includes(week)) error(404, "There is no Power 100 for that week.");
  let report: Report | null = null;
  if (shown) {
    const answer = await callApi<Report>(event, "GET", `/v1/programs/${enc(slug)}/reports/weekly/${enc(shown)}`);
    if (!answer.ok) fail(answer);
    report = answer.body;
  }
  return { summary, weeks, report, latest: weeks[0] ?? null };
}
