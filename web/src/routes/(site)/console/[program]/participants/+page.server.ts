import { fail } from "@sveltejs/kit";
import { callApi, enc, errorMessage, fail as apiFail } from "$lib/server/api";
import { requireManager } from "$lib/server/console";
import { bodyOf, planImport } from "$lib/server/participant-import";
import { inviteActions } from "$lib/server/invites";
import type { Actions, PageServerLoad } from "./$types";
import type { ParticipantPage } from "$lib/types";

const PAGE = 50;

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q") ?? "";
  const offset = Math.max(0, Number(event.url.searchParams.get("offset")) || 0);
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  if (q) params.set("q", q);
  const answer = await callApi(event, "GET", `/v1/programs/${enc(event.params.program)}/participants?${params}`, { as: "manager" });
  if (!answer.ok) apiFail(answer);
  return { list: answer.body as ParticipantPage, q, offset, pageSize: PAGE };
};

async function csvOf(form: FormData): Promise<string> {
  const file = form.get("file");
  return file instanceof File && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
}

export const actions: Actions = {
  /** Reads the CSV, merges it with the stored participants and says what each row would change, storing nothing. */
  preview: async (event) => {
    await requireManager(event);
    const text = await csvOf(await event.request.formData());
    const plan = await planImport(event, event.params.program, text);
    if (plan.problem) return fail(400, { importProblem: plan.problem, csv: text });
    return { preview: plan.rows, csv: text };
  },
  /** Stores the previewed rows, merged again with what is stored now (all or nothing per thousand). */
  import: async (event) => {
    await requireManager(event);
    const text = String((await event.request.formData()).get("csv") ?? "");
    const plan = await planImport(event, event.params.program, text);
    if (plan.problem) return fail(400, { importProblem: plan.problem, csv: text });
    if (plan.rows.some((r) => r.status === "problem"))
      return fail(422, { preview: plan.rows, csv: text, importProblem: "Some rows have problems: fix them, then import." });
    const changed = plan.rows.filter((r) => r.status !== "unchanged");
    let upserted = 0;
    for (let start = 0; start < changed.length; start += 1000) {
      const answer = await callApi(event, "PUT", `/v1/programs/${enc(event.params.program)}/participants`, {
        as: "manager",
        body: bodyOf(changed.slice(start, start + 1000)),
      });
      if (!answer.ok) return fail(answer.status, { importProblem: `${errorMessage(answer)} (after ${upserted} stored)`, csv: text });
      upserted += answer.body.upserted;
    }
    return {
      imported: {
        added: changed.filter((r) => r.status === "new").length,
        updated: changed.filter((r) => r.status === "update").length,
        unchanged: plan.rows.length - changed.length,
      },
    };
  },
  ...inviteActions,
};
