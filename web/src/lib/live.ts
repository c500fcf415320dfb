/** What live pages invalidate to fetch their figures again: the loads that read boards depend on it. */
export const LIVE = "leadboard:live";

/** Seconds between refreshes: `?refresh=N` (2–300), else 10. */
export function refreshSeconds(url: URL): number {
  const asked = Number(url.searchParams.get("refresh"));
  return Number.isFinite(asked) && asked > 0 ? Math.min(300, Math.max(2, asked)) : 10;
}
