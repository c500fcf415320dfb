/** The images the site renders: link-preview cards (1200 × 630) and the PNG badge. */
import { Bitmap, Ink, textWidth } from "./bitmap";

export interface CardRow {
  rank: number;
  name: string;
  score: string;
}

/** A link preview: the program, what is shown, and the top rows of it. */
export function previewCard(card: { title: string; subtitle: string; rows: CardRow[]; note?: string }): Promise<Uint8Array> {
  const W = 1200;
  const H = 630;
  const pad = 56;
  const b = new Bitmap(W, H);
  b.logo(pad, pad + 30, 8);
  b.text(pad + 48, pad + 9, "LEADBOARD", 3, Ink.Muted);
  b.text(pad, pad + 64, card.title, 7, Ink.White, W - 2 * pad);
  b.text(pad, pad + 134, card.subtitle, 4, Ink.Yellow, W - 2 * pad);
  let y = pad + 196;
  for (const row of card.rows.slice(0, 5)) {
    b.rect(pad, y - 12, W - 2 * pad, 2, Ink.Line);
    const rank = `#${row.rank}`;
    b.text(pad, y + 6, rank, 5, Ink.Yellow);
    const scoreWidth = textWidth(row.score, 5);
    b.text(pad + 150, y + 6, row.name, 5, Ink.White, W - 2 * pad - 150 - scoreWidth - 40);
    b.textRight(W - pad, y + 6, row.score, 5, Ink.White);
    y += 66;
  }
  if (card.rows.length === 0 && card.note) b.text(pad, y + 6, card.note, 4, Ink.Muted, W - 2 * pad);
  return b.png();
}

/**
 * The PNG badge, twice the SVG badge's size: a headline and a line under it, and where given the
 * game's row (level and badges, with a bar of progress to the next level).
 */
export function badgePng(headline: string, line: string, game: { text: string; progress: number | null } | null = null): Promise<Uint8Array> {
  const left = 124;
  const bar = game?.progress == null ? 0 : 168;
  const gameWidth = game ? bar + (bar ? 20 : 0) + textWidth(game.text, 3) : 0;
  const W = Math.max(640, left + Math.max(textWidth(headline, 4), textWidth(line, 3), gameWidth) + 32);
  const H = game ? 176 : 128;
  const b = new Bitmap(W, H);
  b.logo(24, 100, 16);
  b.text(left, 30, headline, 4, Ink.White);
  b.text(left, 78, line, 3, Ink.Muted);
  if (game) {
    if (bar) {
      b.rect(left, 128, bar, 16, Ink.Line);
      b.rect(left, 128, Math.round(bar * game.progress!), 16, Ink.Yellow);
    }
    b.text(left + (bar ? bar + 20 : 0), 126, game.text, 3, Ink.Yellow);
  }
  return b.png();
}
