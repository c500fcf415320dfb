import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument, formRows, numberField, rowErrors } from "$lib/server/console";
import { keptRows } from "$lib/server/list-forms";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const rows = formRows(await event.request.formData(), "levels");
    const { items: levels, rowOf } = keptRows(
      rows,
      (r) => !r.name?.trim() && !r.points?.trim(),
      (r) => ({ name: r.name ?? "", points: numberField(r.points) }),
    );
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, levels: levels as never }));
    if (!answer.ok) return fail(answer.status, { rows, errors: rowErrors(fieldErrors(answer), "levels", rowOf), message: formMessage(answer) });
    return { saved: true };
  },
};
