import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument, formRows, numberField, rowErrors } from "$lib/server/console";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const rows = formRows(await event.request.formData(), "metrics");
    const rowOf: number[] = [];
    const metrics = rows.flatMap((r, i) => {
      const blank = !r.key?.trim() && !r.name?.trim() && !r.points?.trim();
      if (r.remove === "on" || blank) return [];
      rowOf.push(i);
      return [
        {
          key: (r.key ?? "").trim(),
          name: r.name ?? "",
          indicator: r.indicator,
          aggregation: r.aggregation,
          points: numberField(r.points),
          dailyCap: numberField(r.dailyCap, true),
          ...(r.effectiveFrom?.trim() ? { effectiveFrom: r.effectiveFrom.trim() } : {}),
        },
      ];
    });
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, metrics: metrics as never }));
    if (!answer.ok) {
      return fail(answer.status, { rows, errors: rowErrors(fieldErrors(answer), "metrics", rowOf), message: formMessage(answer) });
    }
    return { saved: true };
  },
};
