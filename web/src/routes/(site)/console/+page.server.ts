import { fail, redirect } from "@sveltejs/kit";
import { callApi, enc, fieldErrors, formMessage, refusedWith } from "$lib/server/api";
import { requireManager } from "$lib/server/console";
import { newProgramDocument } from "$lib/server/new-program";
import { TEMPLATES, templateOf } from "$lib/templates";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const me = await requireManager(event);
  const template = templateOf(event.url.searchParams.get("template"));
  // A manager of one program goes straight to it; not after a refused form, whose errors show here.
  if (me.programs.length === 1 && !event.url.searchParams.has("all") && !template && event.request.method === "GET")
    redirect(303, `/console/${me.programs[0].slug}`);
  return { me, template, templates: TEMPLATES.map(({ key, name, description }) => ({ key, name, description })) };
};

const FIX = "The program was not created. Fix the fields marked below.";

export const actions: Actions = {
  /** A new program: empty, or from a template as edited in the form; the rest is edited on its own pages next. */
  create: async (event) => {
    const me = await requireManager(event);
    const form = await event.request.formData();
    const values = {
      slug: String(form.get("slug") ?? "")
        .trim()
        .toLowerCase(),
      name: String(form.get("name") ?? ""),
      timezone: String(form.get("timezone") ?? "").trim(),
    };
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.slug)) {
      return fail(422, {
        values,
        errors: { slug: "Use lower-case letters, digits and dashes, starting with a letter or a digit (at most 64)." } as Record<string, string>,
        message: FIX,
      });
    }
    if (me.programs.some((p) => p.slug === values.slug))
      return fail(409, { values, errors: { slug: "You have a program at this address already: choose another." } as Record<string, string>, message: FIX });
    const { body, errorsOf } = newProgramDocument({ name: values.name, timezone: values.timezone }, templateOf(String(form.get("template") ?? "")), form);
    const answer = await callApi(event, "PUT", `/v1/programs/${enc(values.slug)}`, { as: "manager", body });
    if (refusedWith(answer, "slug_taken"))
      return fail(409, { values, errors: { slug: "This address is taken: choose another." } as Record<string, string>, message: FIX });
    if (!answer.ok)
      return fail(answer.status, { values, errors: errorsOf(fieldErrors(answer)), message: refusedWith(answer, "invalid") ? FIX : formMessage(answer) });
    redirect(303, `/console/${values.slug}/metrics`);
  },
};
