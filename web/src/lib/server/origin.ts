/**
 * The site's public origin, for addresses that leave the site (the embed code, a seller's private
 * link): the SITE_ORIGIN setting, never the request's Host header, which a client chooses. Without
 * the setting, the request's own origin only where it is a local address (development); otherwise
 * none, and pages say that the operator must set it.
 */

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function siteOrigin(setting: string | undefined, requestUrl: URL): string | null {
  if (setting && URL.canParse(setting)) return new URL(setting).origin;
  return LOCAL_HOSTS.test(requestUrl.hostname) ? requestUrl.origin : null;
}

/** The same, for a request event of the site. */
export const originOf = (event: { platform?: { env?: { SITE_ORIGIN?: string } }; url: URL }) => siteOrigin(event.platform?.env?.SITE_ORIGIN, event.url);
