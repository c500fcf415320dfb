import { redirect } from "@sveltejs/kit";
import { callApi, SESSION_COOKIE } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async () => redirect(303, "/console");

export const actions: Actions = {
  default: async (event) => {
    if (event.cookies.get(SESSION_COOKIE)) await callApi(event, "DELETE", "/v1/sessions/current", { as: "manager" });
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/console/login");
  },
};
