/**
 * Integer keys in an order the caller keeps (RankedBoard's board order), as a sorted list of
 * chunks like Python's sortedcontainers: Int32Arrays of at most `chunkSize` keys. A full chunk is
 * split in two when an insert reaches it; one fallen under a quarter full is joined to, or evened
 * out with, a neighbour. So an insert or removal shifts at most one chunk's keys (a memmove), and
 * every chunk but a lone one holds at least ⌊chunkSize / 4⌋ keys. A Fenwick tree over the chunk
 * lengths turns a place into a position and back in O(log chunks); it and the chunks' last keys are
 * rebuilt, in O(chunks), only when a chunk is split, joined or evened out. Knows nothing of scores:
 * its searches take a test.
 */
import { FenwickTree } from "./fenwick-tree";

/** A chunk and an index in it: where a key is, or where one would go. */
export interface Place {
  chunk: number;
  index: number;
}

export class ChunkedKeys {
  private readonly chunkSize: number;
  private chunks: Int32Array[] = [];
  private lengths: number[] = [];
  /** Each chunk's last key, in one array: a search over chunks reads no chunk but the one it ends in. */
  private lastKeys = new Int32Array(0);
  private positions = new FenwickTree([]);
  private count = 0;

  constructor(chunkSize: number) {
    if (!Number.isInteger(chunkSize) || chunkSize < 4) throw new RangeError("chunkSize must be an integer of at least 4");
    this.chunkSize = chunkSize;
  }

  get size(): number {
    return this.count;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /**
   * The place of the first key for which `after` holds, or the end. `after` must be false up to
   * some key and true from it on. Two binary searches: chunks by their last keys, then the keys of
   * the one chunk that holds the boundary.
   */
  seek(after: (key: number) => boolean): Place {
    const { chunks, lengths, lastKeys } = this;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (after(lastKeys[mid])) high = mid;
      else low = mid + 1;
    }
    if (low === chunks.length) return this.placeAt(this.count);
    const keys = chunks[low];
    let index = 0;
    let last = lengths[low] - 1; // known to pass the test
    while (index < last) {
      const mid = (index + last) >>> 1;
      if (after(keys[mid])) last = mid;
      else index = mid + 1;
    }
    return { chunk: low, index };
  }

  /** The key at a place, or undefined at the end. */
  keyAt({ chunk, index }: Place): number | undefined {
    return index < (this.lengths[chunk] ?? 0) ? this.chunks[chunk][index] : undefined;
  }

  positionOf({ chunk, index }: Place): number {
    return this.positions.sumBefore(chunk) + index;
  }

  /** The place of a 0-based position; the end is the last chunk's length (or chunk 0 when empty). */
  placeAt(position: number): Place {
    if (position >= this.count) {
      const last = this.chunks.length - 1;
      return last < 0 ? { chunk: 0, index: 0 } : { chunk: last, index: this.lengths[last] };
    }
    const chunk = this.positions.indexHolding(position);
    return { chunk, index: position - this.positions.sumBefore(chunk) };
  }

  /** Up to `count` keys from a position on, in order. */
  slice(position: number, count: number): number[] {
    const keys: number[] = [];
    for (let { chunk, index } = this.placeAt(position); chunk < this.chunks.length && keys.length < count; chunk++, index = 0) {
      const chunkKeys = this.chunks[chunk];
      const end = Math.min(this.lengths[chunk], index + count - keys.length);
      for (; index < end; index++) keys.push(chunkKeys[index]);
    }
    return keys;
  }

  /** The keys from a position on, in order. */
  *keysFrom(position: number): Generator<number> {
    for (let { chunk, index } = this.placeAt(position); chunk < this.chunks.length; chunk++, index = 0) {
      const keys = this.chunks[chunk];
      for (; index < this.lengths[chunk]; index++) yield keys[index];
    }
  }

  /** Puts `key` at `place`, shifting the keys from there on by one. */
  insert({ chunk, index }: Place, key: number): void {
    if (this.chunks.length === 0) {
      this.chunks.push(new Int32Array(this.chunkSize));
      this.lengths.push(0);
      this.reindex();
    } else if (this.lengths[chunk] === this.chunkSize) {
      this.split(chunk);
      if (index > this.lengths[chunk]) [chunk, index] = [chunk + 1, index - this.lengths[chunk]];
    }
    const keys = this.chunks[chunk];
    keys.copyWithin(index + 1, index, this.lengths[chunk]);
    keys[index] = key;
    if (index === this.lengths[chunk]++) this.lastKeys[chunk] = key;
    this.positions.add(chunk, 1);
    this.count++;
  }

  /** Takes out the key at `place`. */
  remove({ chunk, index }: Place): void {
    const length = --this.lengths[chunk];
    this.chunks[chunk].copyWithin(index, index + 1, length + 1);
    if (index === length && length > 0) this.lastKeys[chunk] = this.chunks[chunk][length - 1];
    this.positions.add(chunk, -1);
    this.count--;
    if (length === 0) {
      this.chunks.splice(chunk, 1);
      this.lengths.splice(chunk, 1);
      this.reindex();
    } else if (length < this.chunkSize >> 2 && this.chunks.length > 1) {
      this.rebalance(chunk);
    }
  }

  /** Every key, in order, in one array. */
  toArray(): Int32Array {
    const keys = new Int32Array(this.count);
    for (let chunk = 0, at = 0; chunk < this.chunks.length; at += this.lengths[chunk++]) {
      keys.set(this.chunks[chunk].subarray(0, this.lengths[chunk]), at);
    }
    return keys;
  }

  /** Replaces every key with `sorted`, in chunks three quarters full: room to grow before a split. */
  replaceAll(sorted: Int32Array): void {
    const n = sorted.length;
    const chunkCount = Math.ceil(n / Math.floor((this.chunkSize * 3) / 4));
    this.chunks = [];
    this.lengths = [];
    for (let chunk = 0; chunk < chunkCount; chunk++) {
      const [start, end] = [Math.floor((chunk * n) / chunkCount), Math.floor(((chunk + 1) * n) / chunkCount)];
      const keys = new Int32Array(this.chunkSize);
      keys.set(sorted.subarray(start, end));
      this.chunks.push(keys);
      this.lengths.push(end - start);
    }
    this.count = n;
    this.reindex();
  }

  /** Moves the upper half of a full chunk into a new chunk after it. */
  private split(chunk: number): void {
    const half = this.chunkSize >> 1;
    const upper = new Int32Array(this.chunkSize);
    upper.set(this.chunks[chunk].subarray(half));
    this.chunks.splice(chunk + 1, 0, upper);
    this.lengths.splice(chunk + 1, 0, this.chunkSize - half);
    this.lengths[chunk] = half;
    this.reindex();
  }

  /** Joins a chunk fallen under a quarter full to a neighbour, or evens the two out when they would not fit in one. */
  private rebalance(chunk: number): void {
    const left = chunk > 0 ? chunk - 1 : chunk;
    const [a, b] = [this.chunks[left], this.chunks[left + 1]];
    const [lengthA, lengthB] = [this.lengths[left], this.lengths[left + 1]];
    const total = lengthA + lengthB;
    if (total <= this.chunkSize) {
      a.set(b.subarray(0, lengthB), lengthA);
      this.lengths[left] = total;
      this.chunks.splice(left + 1, 1);
      this.lengths.splice(left + 1, 1);
    } else {
      const keep = total >> 1; // the left chunk's new length, at least half a chunk
      if (lengthA < keep) {
        a.set(b.subarray(0, keep - lengthA), lengthA);
        b.copyWithin(0, keep - lengthA, lengthB);
      } else {
        b.copyWithin(lengthA - keep, 0, lengthB);
        b.set(a.subarray(keep, lengthA), 0);
      }
      this.lengths[left] = keep;
      this.lengths[left + 1] = total - keep;
    }
    this.reindex();
  }

  /** Positions and last keys follow the chunks; rebuilt in O(chunks) when the chunks themselves change. */
  private reindex(): void {
    this.positions = new FenwickTree(this.lengths);
    this.lastKeys = Int32Array.from(this.chunks, (keys, chunk) => keys[this.lengths[chunk] - 1]);
  }
}
