import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument, formRows, numberField, rowErrors } from "$lib/server/console";
import { keptRows } from "$lib/server/list-forms";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const rows = formRows(await event.request.formData(), "metrics");
    const { items: metrics, rowOf } = keptRows(
      rows,
      (r) => !r.key?.trim() && !r.name?.trim() && !r.points?.trim(),
      (r) => ({
        key: (r.key ?? "").trim(),
        name: r.name ?? "",
        indicator: r.indicator,
        aggregation: r.aggregation,
        points: numberField(r.points),
        dailyCap: numberField(r.dailyCap, true),
        ...(r.effectiveFrom?.trim() ? { effectiveFrom: r.effectiveFrom.trim() } : {}),
      }),
    );
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, metrics: metrics as never }));
    if (!answer.ok) {
      return fail(answer.status, { rows, errors: rowErrors(fieldErrors(answer), "metrics", rowOf), message: formMessage(answer) });
    }
    return { saved: true };
  },
};
