import { fail, redirect } from "@sveltejs/kit";
import { callApi, refusedWith, SESSION_COOKIE } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

/** Back to the console, or to a private board the manager was sent away from; never another site. */
const safeNext = (next: string | null) => (next && /^\/(console|p\/)/.test(next) && !next.startsWith("//") ? next : "/console");

export const load: PageServerLoad = async (event) => {
  if (event.cookies.get(SESSION_COOKIE)) {
    const me = await callApi(event, "GET", "/v1/me", { as: "manager" });
    if (me.ok) redirect(303, safeNext(event.url.searchParams.get("next")));
  }
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const org = String(form.get("org") ?? "")
      .trim()
      .toLowerCase();
    if (!email || !password) return fail(400, { email, org, message: "Enter your e-mail address and your password." });
    // The visitor's address, for the API's sign-in limit per client (Cloudflare sets it on the request).
    const clientAddress = event.request.headers.get("CF-Connecting-IP");
    const answer = await callApi(event, "POST", "/v1/sessions", { body: { email, password, ...(org ? { org } : {}) }, clientAddress });
    if (refusedWith(answer, "rate_limited")) {
      return fail(429, { email, org, message: "Too many failed attempts for this address. Wait 15 minutes, then try again." });
    }
    if (refusedWith(answer, "invalid")) {
      const message = answer.body?.error?.details?.some((d: { path: string }) => d.path === "org")
        ? "Enter the organisation's short name, such as demo."
        : "Enter a valid e-mail address.";
      return fail(422, { email, org, message });
    }
    if (!answer.ok) return fail(401, { email, org, message: "That e-mail address and password do not match an account." });
    const expires = new Date(answer.body.expiresAt);
    event.cookies.set(SESSION_COOKIE, answer.body.token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: event.url.protocol === "https:" || event.url.hostname !== "localhost",
      expires,
    });
    redirect(303, safeNext(event.url.searchParams.get("next")));
  },
};
