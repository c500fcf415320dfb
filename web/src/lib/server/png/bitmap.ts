/** A palette bitmap to draw rectangles and pixel-font text on, then encode as PNG. */
import { encodePng } from "./encode";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphOf } from "./font";

/** The colours of the site's dark cards; drawing takes their index. */
export const PALETTE = [0x0f172a, 0xffffff, 0xcbd5e1, 0xfacc15, 0x38bdf8, 0xa3e635, 0x1e293b];
export const Ink = { Background: 0, White: 1, Muted: 2, Yellow: 3, Blue: 4, Green: 5, Line: 6 } as const;
export type Ink = (typeof Ink)[keyof typeof Ink];

/** Width of text at `scale` (each glyph 5 pixels wide and 1 apart, scaled). */
export const textWidth = (text: string, scale: number) => Math.max(0, [...text].length * (GLYPH_WIDTH + 1) * scale - scale);
export const textHeight = (scale: number) => GLYPH_HEIGHT * scale;

export class Bitmap {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Ink = Ink.Background,
  ) {
    this.pixels = new Uint8Array(width * height).fill(background);
  }

  rect(x: number, y: number, w: number, h: number, ink: Ink): void {
    const x0 = Math.max(0, Math.round(x));
    const x1 = Math.min(this.width, Math.round(x + w));
    for (let row = Math.max(0, Math.round(y)); row < Math.min(this.height, Math.round(y + h)); row++) {
      this.pixels.fill(ink, row * this.width + x0, row * this.width + Math.max(x0, x1));
    }
  }

  /**
   * Draws text with its top left at (x, y); text wider than `maxWidth` is cut and ends in "…".
   * Answers the width drawn.
   */
  text(x: number, y: number, text: string, scale: number, ink: Ink, maxWidth = Infinity): number {
    let chars = [...text];
    if (textWidth(text, scale) > maxWidth) {
      const fits = Math.max(0, Math.floor((maxWidth + scale) / ((GLYPH_WIDTH + 1) * scale)) - 1);
      chars = [...chars.slice(0, fits).join("").trimEnd(), "…"];
    }
    chars.forEach((c, i) => {
      const left = x + i * (GLYPH_WIDTH + 1) * scale;
      glyphOf(c).forEach((bits, row) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - col))) this.rect(left + col * scale, y + row * scale, scale, scale, ink);
        }
      });
    });
    return textWidth(chars.join(""), scale);
  }

  /** Text whose right edge is at `right`. */
  textRight(right: number, y: number, text: string, scale: number, ink: Ink): void {
    this.text(right - textWidth(text, scale), y, text, scale, ink);
  }

  /** Leadboard's three bars, `unit` pixels wide each. */
  logo(x: number, bottom: number, unit: number): void {
    this.rect(x, bottom - 2.5 * unit, unit, 2.5 * unit, Ink.Blue);
    this.rect(x + 1.5 * unit, bottom - 4.5 * unit, unit, 4.5 * unit, Ink.Yellow);
    this.rect(x + 3 * unit, bottom - 3.5 * unit, unit, 3.5 * unit, Ink.Green);
  }

  png(): Promise<Uint8Array> {
    return encodePng(this.width, this.height, PALETTE, this.pixels);
  }
}
