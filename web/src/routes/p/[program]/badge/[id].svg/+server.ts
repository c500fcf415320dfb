/** A shareable badge as an SVG image at a stable URL (lib/server/badge.ts says what it says). */
import type { RequestHandler } from "./$types";
import { badgeFigures, imageCaching } from "$lib/server/badge";

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);

export const GET: RequestHandler = async (event) => {
  const figures = await badgeFigures(event, event.params.program, event.params.id);
  if (!figures) return new Response("Not found", { status: 404 });
  const { headline, line, game } = figures;
  const width = Math.max(320, Math.round(Math.max(headline.length * 8.2, line.length * 7.2, (game?.text.length ?? 0) * 6.6 + 96)) + 90);
  // The game's row, under the two lines: a bar of progress to the next level, then the level and badges.
  const height = game ? 88 : 64;
  const said = [headline, line, game?.text].filter(Boolean).join(". ");
  const bar = game?.progress == null ? 0 : 84;
  const gameRow = game
    ? `${bar ? `<rect x="58" y="62" width="${bar}" height="8" rx="4" fill="#1e293b"/><rect x="58" y="62" width="${Math.round(bar * game.progress!)}" height="8" rx="4" fill="#facc15"/>` : ""}
  <text x="${58 + (bar ? bar + 10 : 0)}" y="71" fill="#facc15" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">${xml(game.text)}</text>`
    : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xml(said)}">
  <title>${xml(said)}</title>
  <rect width="${width}" height="${height}" rx="10" fill="#0f172a"/>
  <rect x="12" y="30" width="8" height="20" fill="#38bdf8"/><rect x="24" y="14" width="8" height="36" fill="#facc15"/><rect x="36" y="22" width="8" height="28" fill="#a3e635"/>
  <text x="58" y="28" fill="#ffffff" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="15" font-weight="700">${xml(headline)}</text>
  <text x="58" y="48" fill="#cbd5e1" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="13">${xml(line)}</text>
  ${gameRow}
</svg>`;
  const open = figures.reader.summary.visibility === "public";
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": imageCaching(figures.reader.summary),
      ...(open ? { "Access-Control-Allow-Origin": "*" } : {}),
      // Opened on its own, an SVG is a document that could run script: none may run, nothing loads.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
};
