/**
 * Remembers a pure function's answers by a key, up to `size` of them (then starts afresh). Every
 * read repeats the same calendar arithmetic (a period's days, its instants in the program's zone),
 * which the Temporal polyfill makes slow enough to count.
 */
export function memoize<A extends unknown[], R>(fn: (...args: A) => R, key: (...args: A) => string, size = 4096): (...args: A) => R {
  const answers = new Map<string, R>();
  return (...args) => {
    const k = key(...args);
    let answer = answers.get(k);
    if (answer === undefined && !answers.has(k)) {
      answer = fn(...args);
      if (answers.size >= size) answers.clear();
      answers.set(k, answer);
    }
    return answer as R;
  };
}
