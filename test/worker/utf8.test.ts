import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Length } from "../../worker/utf8";

/** Strings of any UTF-16 code units: astral characters as surrogate pairs, and lone surrogates too. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 64 }),
);

describe("utf8Length", () => {
  it("counts 1 to 4 bytes a character", () => {
    expect(["a", "é", "€", "𝒜", "a€𝒜"].map(utf8Length)).toEqual([1, 2, 3, 4, 8]);
  });

  it("is what TextEncoder writes, for every string", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).byteLength);
      }),
      { numRuns: 3_000 },
    );
  });
});
