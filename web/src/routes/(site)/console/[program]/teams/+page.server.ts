import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage, refusedWith } from "$lib/server/api";
import { changeDocument, formRows, rowErrors } from "$lib/server/console";
import { keptRows } from "$lib/server/list-forms";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const rows = formRows(await event.request.formData(), "teams");
    const { items: teams, rowOf } = keptRows(
      rows,
      (r) => !r.key?.trim() && !r.name?.trim(),
      (r) => ({ key: (r.key ?? "").trim(), name: r.name ?? "", parent: r.parent || null }),
    );
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, teams }));
    if (!answer.ok) {
      const message = refusedWith(answer, "team_in_use")
        ? `Teams that still have participants cannot be removed: ${answer.body.error.details.teams.join(", ")}. Move their participants first.`
        : formMessage(answer);
      return fail(answer.status, { rows, errors: rowErrors(fieldErrors(answer), "teams", rowOf), message });
    }
    return { saved: true };
  },
};
