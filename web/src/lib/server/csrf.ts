/**
 * The site's CSRF check, in place of SvelteKit's (svelte.config.js turns that off): SvelteKit's
 * runs before any hook, so /v1/* posts with a form or text body got its 403 page instead of the
 * API's 415. Here it is applied to the site's own routes only; the API takes no cookies, only
 * bearer credentials, so a cross-site form cannot act there.
 *
 * Stricter than SvelteKit's: a browser request that changes state (not GET, HEAD or OPTIONS) from
 * another origin is refused whatever its content type, a body-less one included. Browsers send
 * Origin on every such request; a client without one is not a browser acting for a visitor.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteRequest(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get("Origin");
  return origin !== null && origin !== url.origin;
}

export function refuseCrossSite(request: Request): Response {
  const message = `Cross-site ${request.method} form submissions are forbidden`;
  if (request.headers.get("Accept") === "application/json") return Response.json({ message }, { status: 403 });
  return new Response(message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
