/**
 * A seller's private link: keeps their participant token in an httpOnly cookie on this device and
 * moves on to /me, so the token leaves the address bar (and browser history) at once.
 */
import { redirect } from "@sveltejs/kit";
import { callApi, SELLER_COOKIE } from "$lib/server/api";
import type { RequestHandler } from "./$types";

export const GET: RequestHandler = async (event) => {
  const token = event.params.token;
  const me = await callApi(event, "GET", "/v1/me", { token });
  if (!me.ok || me.body?.kind !== "participant") redirect(303, "/me?link=invalid");
  event.cookies.set(SELLER_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 180 });
  redirect(303, "/me");
};
