/** Loading a Power 100 page: the program, the archive of weeks, and one week's report. */
import { error, type RequestEvent, type ServerLoadEvent } from "@sveltejs/kit";
import type { Report } from "$lib/types";
import { callApi, enc, fail, read } from "./api";
import { LIVE } from "$lib/live";
import { readerOf } from "./reader";

export async function loadPower(event: RequestEvent, slug: string, week: string | null) {
  // Pages re-run this load to stay live; an image or JSON endpoint has no dependencies to declare.
  if ("depends" in event) (event as ServerLoadEvent).depends(LIVE);
  const reader = await readerOf(event, slug);
  const { weeks } = await read<{ weeks: string[] }>(event, `/v1/programs/${enc(slug)}/reports/weekly`, reader);
  const shown = week ?? weeks[0] ?? null;
  if (week !== null && !weeks.includes(week)) error(404, "There is no Power 100 for that week.");
  let report: Report | null = null;
  if (shown) {
    const answer = await callApi<Report>(event, "GET", `/v1/programs/${enc(slug)}/reports/weekly/${enc(shown)}`, { as: reader });
    if (!answer.ok) fail(answer);
    report = answer.body;
  }
  return { summary: reader.summary, weeks, report, latest: weeks[0] ?? null, seller: reader.seller };
}
