import { fail } from "@sveltejs/kit";
import { callApi, enc, errorMessage, fieldErrors, read } from "$lib/server/api";
import { requireManager } from "$lib/server/console";
import type { Actions, PageServerLoad } from "./$types";

interface Hook {
  id: number;
  url: string;
  events: string[];
  format: "json" | "slack";
  createdAt: string;
}

export const load: PageServerLoad = async (event) => {
  const base = `/v1/programs/${enc(event.params.program)}/webhooks`;
  const { webhooks } = await read<{ webhooks: Hook[] }>(event, base, "manager");
  const deliveries = await Promise.all(
    webhooks.map(async (h) => {
      const answer = await callApi(event, "GET", `${base}/${h.id}/deliveries`, { as: "manager" });
      return answer.ok ? (answer.body.deliveries as { status: string; createdAt: string; lastStatus: number | null }[]).slice(0, 3) : [];
    }),
  );
  return { webhooks: webhooks.map((h, i) => ({ ...h, recent: deliveries[i] })) };
};

export const actions: Actions = {
  create: async (event) => {
    await requireManager(event);
    const form = await event.request.formData();
    const values = {
      url: String(form.get("url") ?? "").trim(),
      format: form.get("format") === "slack" ? "slack" : "json",
      events: form.getAll("events").map(String),
    };
    const answer = await callApi(event, "POST", `/v1/programs/${enc(event.params.program)}/webhooks`, { as: "manager", body: values });
    if (!answer.ok) {
      // A problem with one of the events is shown beside the events.
      const errors = Object.fromEntries(Object.entries(fieldErrors(answer)).map(([path, message]) => [path.replace(/^events\[\d+\]$/, "events"), message]));
      return fail(answer.status, { values, errors, message: errorMessage(answer) });
    }
    return { created: { url: answer.body.url as string, secret: answer.body.secret as string } };
  },
  remove: async (event) => {
    await requireManager(event);
    const id = String((await event.request.formData()).get("id") ?? "");
    const answer = await callApi(event, "DELETE", `/v1/programs/${enc(event.params.program)}/webhooks/${enc(id)}`, { as: "manager" });
    if (!answer.ok) return fail(answer.status, { message: errorMessage(answer) });
    return { removed: true };
  },
};
