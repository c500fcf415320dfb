/** Well-formed Unicode: text without lone UTF-16 surrogates. */

/** With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches \p{Cs}. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `s` is well-formed UTF-16 (as String.prototype.isWellFormed, which ES2023's types lack). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
