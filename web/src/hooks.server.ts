/**
 * One origin for site and API: /v1/* goes unchanged to the API worker through the service
 * binding, which answers as the API does (a form body gets its 415); everything else is the site,
 * whose state-changing requests from other origins are refused (lib/server/csrf.ts). Pages get
 * security headers; only the embed route may be framed by other sites.
 */
import type { Handle, HandleServerError } from "@sveltejs/kit";
import { crossSiteRequest, refuseCrossSite } from "$lib/server/csrf";

export const handle: Handle = async ({ event, resolve }) => {
  const path = event.url.pathname;
  if (path === "/v1" || path.startsWith("/v1/")) {
    const api = event.platform?.env.API;
    if (!api) return new Response("the API binding is missing", { status: 502 });
    return api.fetch(event.request);
  }
  if (crossSiteRequest(event.request, event.url)) return refuseCrossSite(event.request);
  const response = await resolve(event);
  const headers = response.headers;
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  if (!path.endsWith("/embed")) headers.set("X-Frame-Options", "DENY");
  return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
  if (status !== 404) console.error(error);
  return { message: status === 404 ? "Not found" : "Something went wrong on our side. Please try again." };
};
