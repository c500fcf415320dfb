import { fail } from "@sveltejs/kit";
import { enc, fieldErrors, formMessage, read } from "$lib/server/api";
import { changeDocument, formRows, rowErrors } from "$lib/server/console";
import type { Summary } from "$lib/types";
import { keptRows } from "$lib/server/list-forms";
import type { Actions, PageServerLoad } from "./$types";

/** The cohorts sellers are in, offered for a contest's cohort. */
export const load: PageServerLoad = async (event) => {
  const summary = await read<Summary>(event, `/v1/programs/${enc(event.params.program)}/summary`, "manager");
  return { cohorts: summary.cohorts };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    // The metrics of a contest are checkboxes: every checked one, joined, so a refused save shows them again.
    const rows = formRows(form, "contests").map(
      (r, i): Record<string, string> => ({ ...r, metrics: form.getAll(`contests[${i}].metrics`).map(String).join(",") }),
    );
    const { items: contests, rowOf } = keptRows(
      rows,
      (r) => !r.key?.trim() && !r.name?.trim() && !r.start && !r.end,
      (r) => ({
        key: (r.key ?? "").trim(),
        name: r.name ?? "",
        start: r.start ?? "",
        end: r.end ?? "",
        // None ticked: every lead metric counts.
        metrics: r.metrics ? r.metrics.split(",") : null,
        cohort: r.cohort?.trim() || null,
      }),
    );
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, contests }));
    if (!answer.ok) {
      const errors: Record<string, string> = {};
      // A problem with one of the ticked metrics is shown beside the metrics.
      for (const [path, message] of Object.entries(rowErrors(fieldErrors(answer), "contests", rowOf)))
        errors[path.replace(/\.metrics\[\d+\]$/, ".metrics")] ??= message;
      return fail(answer.status, { rows, errors, message: formMessage(answer) });
    }
    return { saved: true };
  },
};
