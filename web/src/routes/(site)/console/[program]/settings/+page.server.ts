import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument } from "$lib/server/console";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      name: String(form.get("name") ?? ""),
      timezone: String(form.get("timezone") ?? ""),
      visibility: form.get("visibility") === "public" ? ("public" as const) : ("private" as const),
      requireOptIn: form.get("requireOptIn") === "on",
      teamAggregation: form.get("teamAggregation") === "sum" ? ("sum" as const) : ("mean" as const),
    };
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, ...values }));
    if (!answer.ok) return fail(answer.status, { values, errors: fieldErrors(answer), message: formMessage(answer) });
    return { saved: true };
  },
};
