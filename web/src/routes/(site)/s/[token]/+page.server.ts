/**
 * A seller's private link. Opening it (a GET, which any other site can make a browser do) changes
 * nothing: it shows whose scorecard the link opens and one button. Only that button's POST (same
 * origin: hooks.server.ts refuses cross-site form posts) keeps the token in an httpOnly cookie on
 * this device and moves on to /me, so that a link from someone else cannot switch who the visitor
 * is without them choosing it.
 */
import { redirect } from "@sveltejs/kit";
import { callApi, SELLER_COOKIE } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

interface Me {
  kind: string;
  program?: { name: string };
  participant?: { displayName: string };
}

export const load: PageServerLoad = async (event) => {
  event.setHeaders({ "Cache-Control": "no-store" });
  const me = await callApi<Me>(event, "GET", "/v1/me", { token: event.params.token });
  if (!me.ok || me.body?.kind !== "participant") return { valid: false as const };
  return { valid: true as const, name: me.body.participant!.displayName, program: me.body.program!.name };
};

export const actions: Actions = {
  default: async (event) => {
    const token = event.params.token;
    const me = await callApi<Me>(event, "GET", "/v1/me", { token });
    if (!me.ok || me.body?.kind !== "participant") redirect(303, "/me?link=invalid");
    event.cookies.set(SELLER_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 * 60 * 24 * 180 });
    redirect(303, "/me");
  },
};
