/** Small helpers of the board's game look: initials as avatars, a colour per person, progress, and time left. */

/** "AR" for "Ana Ruiz", "B" for "Ben": the first letters of the first and last words. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  if (words.length === 0) return "?";
  const first = (w: string) => [...w.replace(/^[^\p{L}\p{N}]+/u, "")][0]?.toLocaleUpperCase() ?? "";
  return words.length === 1 ? first(words[0]) : first(words[0]) + first(words.at(-1)!);
}

/** A hue for an avatar, the same for the same id on every page. */
export function hueOf(id: string): number {
  // FNV-1a: ids that differ in one character (p-01, p-02) still get far-apart hues.
  let h = 0x811c9dc5;
  for (const c of id) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  return h % 360;
}

/** A share from 0 to 1 of `value` towards `goal` (0 where there is no goal above 0). */
export const share = (value: number, goal: number | null | undefined) => (goal && goal > 0 ? Math.min(1, Math.max(0, value / goal)) : 0);

/** "3 days 4 hours", "5 hours 12 minutes", "12 minutes 5 seconds", "5 seconds": the two largest units. */
export function timeLeft(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(s / 86400), "day"],
    [Math.floor((s % 86400) / 3600), "hour"],
    [Math.floor((s % 3600) / 60), "minute"],
    [s % 60, "second"],
  ];
  const from = parts.findIndex(([n]) => n > 0);
  if (from < 0) return "0 seconds";
  return parts
    .slice(from, from + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`)
    .join(" ");
}
