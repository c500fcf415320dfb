import { fail } from "@sveltejs/kit";
import { fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument, formRows, numberField, rowErrors } from "$lib/server/console";
import type { BadgeRule } from "$lib/types";
import { keptRows } from "$lib/server/list-forms";
import type { Actions } from "./$types";

/** A badge rule from the form's kind, goal and metric: the goal is the rule's one number (SPEC §5.4). */
function ruleOf(r: Record<string, string>): BadgeRule {
  const goal = numberField(r.goal) as number;
  switch (r.kind) {
    case "day":
    case "week":
      return { kind: r.kind, points: goal };
    case "total":
      return { kind: "total", metric: r.metric || null, value: goal };
    case "top":
      return { kind: "top", rank: goal };
    default:
      return { kind: "streak", days: goal };
  }
}

/** Where the API's problem with a rule is shown: its number beside the goal, its metric beside the metric. */
const FIELD_OF_RULE: Record<string, string> = { days: "goal", points: "goal", value: "goal", rank: "goal", metric: "metric", kind: "kind" };

export const actions: Actions = {
  default: async (event) => {
    const rows = formRows(await event.request.formData(), "badges");
    const { items: badges, rowOf } = keptRows(
      rows,
      (r) => !r.key?.trim() && !r.name?.trim() && !r.goal?.trim(),
      (r) => ({ key: (r.key ?? "").trim(), name: r.name ?? "", description: (r.description ?? "").trim(), rule: ruleOf(r) }),
    );
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, badges }));
    if (!answer.ok) {
      const errors: Record<string, string> = {};
      for (const [path, message] of Object.entries(rowErrors(fieldErrors(answer), "badges", rowOf))) {
        const m = /^(badges\[\d+\])\.rule(?:\.(\w+))?$/.exec(path);
        errors[m ? `${m[1]}.${FIELD_OF_RULE[m[2] ?? "kind"] ?? "goal"}` : path] ??= message;
      }
      return fail(answer.status, { rows, errors, message: formMessage(answer) });
    }
    return { saved: true };
  },
};
