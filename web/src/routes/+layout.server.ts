/** The site's public origin for every page (lib/server/origin.ts): Meta's og:url and og:image use it, not the Host header. */
import { originOf } from "$lib/server/origin";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = (event) => ({ siteOrigin: originOf(event) });
