import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument, formRows, numberField, rowErrors } from "$lib/server/console";
import { keptRows } from "$lib/server/list-forms";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const rows = formRows(await event.request.formData(), "targets");
    const { items: targets, rowOf } = keptRows(
      rows,
      (r) => !r.key?.trim() && !r.subject?.trim() && !r.value?.trim(),
      (r) => {
        const subject = (r.subject ?? "").trim();
        return {
          key: (r.key ?? "").trim(),
          subject: r.subjectKind === "participant" ? { participant: subject } : { team: subject },
          metric: r.metric || null,
          period: r.period,
          value: numberField(r.value),
        };
      },
    );
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, targets: targets as never }));
    if (!answer.ok) {
      const errors = rowErrors(fieldErrors(answer), "targets", rowOf);
      // A subject's problem is shown beside the subject field.
      for (const [k, v] of Object.entries(errors)) {
        const m = /^(targets\[\d+\])\.subject\.(team|participant)$/.exec(k);
        if (m) errors[`${m[1]}.subject`] = v;
      }
      return fail(answer.status, { rows, errors, message: formMessage(answer) });
    }
    return { saved: true };
  },
};
