/**
 * Heat-map colours: a cell's shade says its share of its own metric's highest figure (each metric
 * on its own scale), and its text is black or white, whichever contrasts more with the shade. One
 * of the two always reaches WCAG AA's 4.5:1, since their contrasts multiply to 21.
 */
const LIGHT = [240, 249, 255]; // #f0f9ff
const DARK = [12, 74, 110]; // #0c4a6e

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
export const luminance = ([r, g, b]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

export function contrast(a: number[], b: number[]): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const hex = (rgb: number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;

/** The background and text colours of a cell holding `value` of its metric's `max`. */
export function heatColours(value: number, max: number): { background: string; color: string } {
  const t = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const bg = LIGHT.map((c, i) => Math.round(c + (DARK[i] - c) * t));
  const white = [255, 255, 255];
  const black = [0, 0, 0];
  return { background: hex(bg), color: contrast(bg, white) >= contrast(bg, black) ? "#ffffff" : "#000000" };
}
