/**
 * A Fenwick (binary indexed) tree: prefix sums over a fixed list of non-negative counts, each
 * changed or summed in O(log n). RankedBoard keeps one over its chunk lengths, so a key's position
 * is the entries in the chunks before its own plus its index there.
 */
export class FenwickTree {
  /** tree[i] (1-based) sums the counts of indices i − lowbit(i) to i − 1. */
  private readonly tree: Float64Array;

  /** Builds in O(n) from the counts. */
  constructor(counts: ArrayLike<number>) {
    const n = counts.length;
    const tree = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      tree[i] += counts[i - 1];
      const parent = i + (i & -i);
      if (parent <= n) tree[parent] += tree[i];
    }
    this.tree = tree;
  }

  get length(): number {
    return this.tree.length - 1;
  }

  /** Adds `delta` to the count at `index`. */
  add(index: number, delta: number): void {
    const { tree } = this;
    for (let i = index + 1; i < tree.length; i += i & -i) tree[i] += delta;
  }

  /** The sum of the counts before `index`. */
  sumBefore(index: number): number {
    const { tree } = this;
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += tree[i];
    return sum;
  }

  /**
   * The index whose span holds the 0-based `position` when the counts are laid end to end: the
   * index i with sumBefore(i) ≤ position < sumBefore(i + 1); `length` when position ≥ the total.
   */
  indexHolding(position: number): number {
    const { tree } = this;
    const n = tree.length - 1;
    let index = 0; // every count before `index` has been taken from `position`
    for (let step = highestPowerOfTwo(n); step > 0; step >>= 1) {
      const next = index + step;
      if (next <= n && tree[next] <= position) {
        index = next;
        position -= tree[next];
      }
    }
    return index;
  }
}

function highestPowerOfTwo(n: number): number {
  return n < 1 ? 0 : 2 ** (31 - Math.clz32(n));
}
