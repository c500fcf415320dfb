import { fail } from "@sveltejs/kit";
import { participantsFromCsv, type CsvParticipant } from "$lib/csv";
import { callApi, enc, errorMessage, fail as apiFail } from "$lib/server/api";
import { requireManager } from "$lib/server/console";
import { originOf } from "$lib/server/origin";
import type { Actions, PageServerLoad } from "./$types";

const PAGE = 50;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q") ?? "";
  const offset = Math.max(0, Number(event.url.searchParams.get("offset")) || 0);
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  if (q) params.set("q", q);
  const answer = await callApi(event, "GET", `/v1/programs/${enc(event.params.program)}/participants?${params}`, { as: "manager" });
  if (!answer.ok) apiFail(answer);
  return { list: answer.body as { total: number; offset: number; participants: Row[] }, q, offset, pageSize: PAGE };
};

interface Row {
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
  optedIn: boolean;
  ranked: boolean;
}

const body = (rows: CsvParticipant[]) => ({ participants: rows.map(({ id, displayName, team, cohort }) => ({ id, displayName, team, cohort })) });

export const actions: Actions = {
  /** Reads the CSV and asks the API what it thinks of every row, storing nothing. */
  preview: async (event) => {
    await requireManager(event);
    const form = await event.request.formData();
    const file = form.get("file");
    const text = file instanceof File && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
    const { rows, problem } = participantsFromCsv(text);
    if (problem) return fail(400, { importProblem: problem, csv: text });
    if (rows.length > 5000) return fail(413, { importProblem: "At most 5000 participants at a time.", csv: text });
    const rowErrors: Record<number, string[]> = {};
    const existing = new Set<string>();
    for (let start = 0; start < rows.length; start += 1000) {
      const part = rows.slice(start, start + 1000);
      const check = await callApi(event, "POST", `/v1/programs/${enc(event.params.program)}/participants/check`, { as: "manager", body: body(part) });
      if (!check.ok) return fail(check.status, { importProblem: errorMessage(check), csv: text });
      for (const p of check.body.problems as { path: string; message: string }[]) {
        const m = /^participants\[(\d+)\]\.?(.*)$/.exec(p.path);
        const index = m ? start + Number(m[1]) : -1;
        if (index >= 0) (rowErrors[index] ??= []).push(`${m![2] || "row"} ${p.message}`);
      }
      for (const id of check.body.existing as string[]) existing.add(id);
    }
    return { preview: rows.map((r, i) => ({ ...r, errors: rowErrors[i] ?? [], isNew: !existing.has(r.id) })), csv: text };
  },
  /** Stores the previewed rows (all or nothing per thousand). */
  import: async (event) => {
    await requireManager(event);
    const form = await event.request.formData();
    const text = String(form.get("csv") ?? "");
    const { rows, problem } = participantsFromCsv(text);
    if (problem) return fail(400, { importProblem: problem, csv: text });
    let upserted = 0;
    for (let start = 0; start < rows.length; start += 1000) {
      const answer = await callApi(event, "PUT", `/v1/programs/${enc(event.params.program)}/participants`, { as: "manager", body: body(rows.slice(start, start + 1000)) });
      if (!answer.ok) return fail(answer.status, { importProblem: `${errorMessage(answer)} (after ${upserted} stored)`, csv: text });
      upserted += answer.body.upserted;
    }
    return { imported: upserted };
  },
  /** A new private link for one seller, shown once. */
  link: async (event) => {
    await requireManager(event);
    const id = String((await event.request.formData()).get("id") ?? "");
    const answer = await callApi(event, "POST", `/v1/programs/${enc(event.params.program)}/participants/${enc(id)}/token`, { as: "manager" });
    if (!answer.ok) return fail(answer.status, { linkProblem: errorMessage(answer) });
    return { link: { id, url: `${originOf(event) ?? ""}/s/${answer.body.token}` } };
  },
};
