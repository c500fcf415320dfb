/** Text made safe inside an HTML attribute value in double quotes (or as text): the five characters that end or start markup. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`);

/** The HTML to embed a program's board on another site. */
export function embedCode(origin: string, slug: string, programName: string, team: boolean): string {
  const src = `${origin}/p/${encodeURIComponent(slug)}/embed${team ? "?scope=team" : ""}`;
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(`${programName} leaderboard`)}" width="420" height="520" style="border:0"></iframe>`;
}
