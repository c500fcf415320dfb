import { fail } from "@sveltejs/kit";
import { callApi, enc, errorMessage, read } from "$lib/server/api";
import { requireManager } from "$lib/server/console";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => ({
  keys: (
    await read<{ keys: { prefix: string; role: string; createdAt: string; revokedAt: string | null }[] }>(
      event,
      `/v1/programs/${enc(event.params.program)}/keys`,
      "manager",
    )
  ).keys,
});

export const actions: Actions = {
  create: async (event) => {
    await requireManager(event);
    const answer = await callApi(event, "POST", `/v1/programs/${enc(event.params.program)}/keys`, { as: "manager", body: { role: "ingest" } });
    if (!answer.ok) return fail(answer.status, { message: errorMessage(answer) });
    return { created: answer.body.key as string };
  },
  revoke: async (event) => {
    await requireManager(event);
    const prefix = String((await event.request.formData()).get("prefix") ?? "");
    const answer = await callApi(event, "DELETE", `/v1/programs/${enc(event.params.program)}/keys/${enc(prefix)}`, { as: "manager" });
    if (!answer.ok) return fail(answer.status, { message: errorMessage(answer) });
    return { revoked: prefix };
  },
};
