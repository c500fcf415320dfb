/**
 * A shareable badge: "#12 in the Social selling Power 100, week 47" as an SVG image at a stable
 * URL, from the latest published Power 100; a participant outside it gets their rank on this
 * week's board instead.
 */
import type { RequestHandler } from "./$types";
import { callApi, enc } from "$lib/server/api";
import { weekName } from "$lib/periods";
import type { Board, Report, Summary } from "$lib/types";

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);

export const GET: RequestHandler = async (event) => {
  const { program, id } = event.params;
  const base = `/v1/programs/${enc(program)}`;
  const summary = await callApi<Summary>(event, "GET", `${base}/summary`);
  if (!summary.ok) return new Response("Not found", { status: 404 });
  const name = summary.body.name;
  let headline = `${name}`;
  let line = "Not on the board yet";
  const weeks = await callApi<{ weeks: string[] }>(event, "GET", `${base}/reports/weekly`);
  const latest = weeks.ok ? weeks.body.weeks[0] : undefined;
  let found = false;
  if (latest) {
    const report = await callApi<Report>(event, "GET", `${base}/reports/weekly/${enc(latest)}`);
    const entry = report.ok ? report.body.entries.find((e) => e.id === id) : undefined;
    if (entry) {
      headline = `#${entry.rank} in the ${name} Power 100, ${weekName(latest)}`;
      line = `${entry.displayName} · ${entry.score} points`;
      found = true;
    }
  }
  if (!found) {
    const board = await callApi<Board>(event, "GET", `${base}/leaderboard?around=${enc(id)}&limit=1`);
    const entry = board.ok ? board.body.entries[0] : undefined;
    if (entry) {
      headline = `#${entry.rank} of ${board.body.total} on ${name}, ${weekName(board.body.period.label)}`;
      line = `${entry.displayName} · ${entry.score} points`;
    }
  }
  const width = Math.max(320, Math.round(Math.max(headline.length * 8.2, line.length * 7.2)) + 90);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="64" viewBox="0 0 ${width} 64" role="img" aria-label="${xml(`${headline}. ${line}`)}">
  <title>${xml(`${headline}. ${line}`)}</title>
  <rect width="${width}" height="64" rx="10" fill="#0f172a"/>
  <rect x="12" y="30" width="8" height="20" fill="#38bdf8"/><rect x="24" y="14" width="8" height="36" fill="#facc15"/><rect x="36" y="22" width="8" height="28" fill="#a3e635"/>
  <text x="58" y="28" fill="#ffffff" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="15" font-weight="700">${xml(headline)}</text>
  <text x="58" y="48" fill="#cbd5e1" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="13">${xml(line)}</text>
</svg>`;
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      // Opened on its own, an SVG is a document that could run script: none may run, nothing loads.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
};
