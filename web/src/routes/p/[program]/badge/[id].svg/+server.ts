/** A shareable badge as an SVG image at a stable URL (lib/server/badge.ts says what it says). */
import type { RequestHandler } from "./$types";
import { badgeFigures, imageCaching } from "$lib/server/badge";

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);

export const GET: RequestHandler = async (event) => {
  const figures = await badgeFigures(event, event.params.program, event.params.id);
  if (!figures) return new Response("Not found", { status: 404 });
  const { headline, line } = figures;
  const width = Math.max(320, Math.round(Math.max(headline.length * 8.2, line.length * 7.2)) + 90);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="64" viewBox="0 0 ${width} 64" role="img" aria-label="${xml(`${headline}. ${line}`)}">
  <title>${xml(`${headline}. ${line}`)}</title>
  <rect width="${width}" height="64" rx="10" fill="#0f172a"/>
  <rect x="12" y="30" width="8" height="20" fill="#38bdf8"/><rect x="24" y="14" width="8" height="36" fill="#facc15"/><rect x="36" y="22" width="8" height="28" fill="#a3e635"/>
  <text x="58" y="28" fill="#ffffff" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="15" font-weight="700">${xml(headline)}</text>
  <text x="58" y="48" fill="#cbd5e1" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="13">${xml(line)}</text>
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
