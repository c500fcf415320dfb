/**
 * A 5×7 pixel font of our own, drawn for the images the site renders (link previews, PNG
 * badges): printable ASCII and a few marks the boards use (· – — ▲ ▼ …). Each glyph is 7 rows
 * of 5 pixels, a row written as one base-32 digit (bit 4 the leftmost pixel).
 */
const CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~·–—▲▼…";
const ROWS =
  "00000004444404aa00000aavavaa4fke5u4op248j3cik8lid44000002488842842224804lel40044v440" +
  "0000c48000v00000000cc01248g0ehjlphe4c4444eeh1248vv2421he26aiv22vgu11he68guhhev124888" +
  "ehhehheehhf12c0cc0cc00cc0c48248g84200v0v008421248eh12404eh1dlleehhvhhhuhhuhhuehggghe" +
  "sihhhisvgguggvvggugggehgnhhfhhhvhhhe44444e72222ichikokihggggggvhrllhhhhhpljhhehhhhhe" +
  "uhhugggehhhliduhhukihfgge11uv444444hhhhhhehhhhha4hhhlllahha4ahhhha4444v1248gve88888e" +
  "0g84210e22222e4ah0000000000v840000000e1fhfggmphhu00egghe11djhhf00ehvge698s8880fhhf1e" +
  "ggmphhh40c444e20622icggikokic44444e00qllhh00mphhh00ehhhe00uhugg00djf1100mpggg00ege1u" +
  "88s889600hhhjd00hhha400hhlla00ha4ah00hhf1e00v248v244844244444448442448008l2000004000" +
  "000f000000v00004ev00000ve400000000l";

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

const glyphs = new Map<string, number[]>([...CHARS].map((c, i) => [c, [...ROWS.slice(i * 7, i * 7 + 7)].map((d) => parseInt(d, 32))]));

/**
 * The rows of a character's glyph. Letters with accents are drawn without them (é → e), and a
 * character the font lacks as "?", so that any name renders.
 */
export function glyphOf(c: string): number[] {
  const direct = glyphs.get(c);
  if (direct) return direct;
  const bare = c.normalize("NFKD").replace(/\p{M}/gu, "");
  return glyphs.get(bare) ?? glyphs.get("?")!;
}
