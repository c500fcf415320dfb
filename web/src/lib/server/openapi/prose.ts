/** Text for the API reference: paragraphs of plain and `code` segments, and anchor ids. */

/** Text with `code` spans, as paragraphs of segments: the page renders them without HTML. */
export type Prose = { code: boolean; text: string }[][];

/** Splits text into paragraphs (blank lines) of plain and `code` segments. */
export function prose(text: string | undefined | null): Prose {
  if (!text) return [];
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean)
    .map((p) => p.split(/`([^`]+)`/).flatMap((text, i) => (text ? [{ code: i % 2 === 1, text }] : [])));
}

/** An anchor id of letters, digits and hyphens. */
export const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[{}]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
