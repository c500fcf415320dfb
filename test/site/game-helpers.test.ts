/** The game's presentation helpers, without a browser: time left, initials, and what a device remembers to celebrate. */
import { describe, expect, it } from "vitest";
import { levelKey, rankKey, rises } from "../../web/src/lib/celebrate";
import { initials, share, timeLeft } from "../../web/src/lib/game";

/** A Storage in memory, as localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

describe("game helpers", () => {
  it("time left reads as its two largest units", () => {
    expect(timeLeft((4 * 24 + 16) * 3_600_000 + 59_000)).toBe("4 days 16 hours");
    expect(timeLeft(24 * 3_600_000 + 30 * 60_000)).toBe("1 day");
    expect(timeLeft(2.5 * 3_600_000)).toBe("2 hours 30 minutes");
    expect(timeLeft(61_000)).toBe("1 minute 1 second");
    expect(timeLeft(999)).toBe("0 seconds");
    expect(timeLeft(-5000)).toBe("0 seconds");
  });

  it("initials take the first and last words' first letters", () => {
    expect(initials("Ana Ruiz")).toBe("AR");
    expect(initials("maría josé de la cruz")).toBe("MC");
    expect(initials("Ben")).toBe("B");
    expect(initials("  (Zoë)  Ng ")).toBe("ZN");
    expect(initials("<img src=x>")).toBe("IS");
    expect(initials("—")).toBe("?");
    expect(share(50, 200)).toBe(0.25);
    expect(share(300, 200)).toBe(1);
    expect(share(5, 0)).toBe(0);
  });

  it("a rise is said once, against what the device saw last; a fall only updates it", () => {
    const storage = memoryStorage();
    const rank = (value: number | null) => ({
      key: rankKey("p", "s-1", { scope: "individual", period: "week:2026-W49" }),
      value,
      better: "lower" as const,
      say: (b: number) => `up from #${b}`,
    });
    const level = (value: number | null) => ({ key: levelKey("p", "s-1"), value, better: "higher" as const, say: () => "level up" });
    expect(rises([rank(5), level(0)], storage)).toEqual([]);
    expect(rises([rank(5), level(0)], storage)).toEqual([]);
    expect(rises([rank(3), level(150)], storage)).toEqual(["up from #5", "level up"]);
    expect(rises([rank(3), level(150)], storage)).toEqual([]);
    expect(rises([rank(7), level(150)], storage)).toEqual([]);
    expect(rises([rank(6), level(null)], storage)).toEqual(["up from #7"]);
    expect(storage.getItem("leadboard:seen:level:p:s-1")).toBe("150");
    // Without storage (a private window that refuses it) nothing is said.
    expect(rises([rank(1)], null)).toEqual([]);
  });
});
