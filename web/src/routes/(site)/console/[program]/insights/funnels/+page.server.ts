import { fail as failForm } from "@sveltejs/kit";
import { callApi, enc, fail, fieldErrors, formMessage } from "$lib/server/api";
import { changeDocument } from "$lib/server/console";
import type { FunnelReport } from "$lib/insights";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const { doc } = await event.parent();
  const funnels = doc.funnels ?? [];
  const q = event.url.searchParams;
  const chosen = funnels.find((f) => f.key === q.get("funnel")) ?? funnels[0];
  if (!chosen) return { report: null, query: { period: "month", team: "" } };
  const params = new URLSearchParams({ period: q.get("period") ?? "month" });
  for (const name of ["team", "at"]) if (q.get(name)) params.set(name, q.get(name)!);
  const answer = await callApi<FunnelReport>(event, "GET", `/v1/programs/${enc(event.params.program)}/insights/funnels/${enc(chosen.key)}?${params}`, {
    as: "manager",
  });
  if (!answer.ok) fail(answer);
  return { report: answer.body, query: { period: params.get("period")!, team: params.get("team") ?? "" } };
};

export const actions: Actions = {
  /** Adds a funnel, or replaces the one with the same key: stages are metric keys in order. */
  define: async (event) => {
    const form = await event.request.formData();
    const values = {
      key: String(form.get("key") ?? "").trim(),
      name: String(form.get("name") ?? "").trim(),
      stages: String(form.get("stages") ?? ""),
    };
    const funnel = { key: values.key, name: values.name, stages: values.stages.split(/[,>→\s]+/).filter(Boolean) };
    const answer = await changeDocument(event, event.params.program, (doc) => ({
      ...doc,
      funnels: [...(doc.funnels ?? []).filter((f) => f.key !== funnel.key), funnel],
    }));
    if (!answer.ok) {
      // Problems come back at funnels[i]: show them beside this form's fields.
      const errors: Record<string, string> = {};
      for (const [path, message] of Object.entries(fieldErrors(answer))) {
        const field = /^funnels\[\d+\]\.(key|name|stages)/.exec(path)?.[1];
        errors[field ?? "stages"] ??= message;
      }
      return failForm(answer.status, { values, errors, message: formMessage(answer) });
    }
    return { saved: funnel.key };
  },
  remove: async (event) => {
    const key = String((await event.request.formData()).get("key") ?? "");
    const answer = await changeDocument(event, event.params.program, (doc) => ({ ...doc, funnels: (doc.funnels ?? []).filter((f) => f.key !== key) }));
    if (!answer.ok) return failForm(answer.status, { message: formMessage(answer) });
    return { removed: key };
  },
};
