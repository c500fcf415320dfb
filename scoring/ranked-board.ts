/**
 * A live leaderboard in memory: keys (participant row numbers: small, dense, non-negative
 * integers) in board order — higher score first, equal scores in the caller's tie order — with
 * positions, counts, pages and keyset cursors in O(log n) comparisons. A change also shifts the
 * keys of one chunk (a memmove of at most 4 KiB) and now and then splits or joins chunks.
 *
 * The keys are kept in order in chunks (chunked-keys.ts); each score is held once, in a
 * Float64Array indexed by key (NaN: not on the board), so no entry is an object of its own. A
 * search compares scores first and calls the tie order only on equal scores, about log2 of the
 * tied run's length times, which matters when most of a board is tied at 0.
 */
import { ChunkedKeys, type Place } from "./chunked-keys";

/** Orders keys among equal scores: negative when `a` comes first. A strict total order. */
export type TieOrder = (a: number, b: number) => number;

export interface BoardEntry {
  key: number;
  score: number;
}

export interface RankedBoardOptions {
  /** The most keys a chunk holds, at least 4: small in tests, so that chunks split and join. */
  chunkSize?: number;
}

/** 4 KiB of keys a chunk: a shift within one is a short memmove, and 100,000 keys take 100 to 200 chunks. */
const DEFAULT_CHUNK_SIZE = 1024;

export class RankedBoard {
  private tieOrder: TieOrder;
  private readonly keys: ChunkedKeys;
  private scores = new Float64Array(0);
  /** Bumped by every change, so that an iteration of entries() notices one. */
  private version = 0;

  /** tieOrder(a, b) < 0 where key a comes before key b among equal scores; must be a strict total order on keys. */
  constructor(tieOrder: TieOrder, options: RankedBoardOptions = {}) {
    this.tieOrder = tieOrder;
    this.keys = new ChunkedKeys(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  }

  /** Builds from many entries at once, faster than repeated set: one sort, then chunks. A repeated key keeps its last score, as with set. */
  static from(entries: Iterable<BoardEntry>, tieOrder: TieOrder, options?: RankedBoardOptions): RankedBoard {
    const board = new RankedBoard(tieOrder, options);
    const list: readonly BoardEntry[] = Array.isArray(entries) ? entries : [...entries];
    let keyBound = 0;
    for (const { key, score } of list) {
      checkKey(key);
      checkScore(score);
      keyBound = Math.max(keyBound, key + 1);
    }
    board.scores = new Float64Array(keyBound).fill(NaN); // sized once, not grown
    const keys: number[] = [];
    for (const { key, score } of list) {
      if (!board.has(key)) keys.push(key);
      board.scores[key] = score + 0;
    }
    board.keys.replaceAll(Int32Array.from(keys).sort(board.compare));
    return board;
  }

  get size(): number {
    return this.keys.size;
  }

  /** How many chunks hold the keys: for tests and memory reports. */
  get chunkCount(): number {
    return this.keys.chunkCount;
  }

  has(key: number): boolean {
    return this.scoreOf(key) !== undefined;
  }

  scoreOf(key: number): number | undefined {
    const score: number | undefined = this.scores[key];
    return score === undefined || Number.isNaN(score) ? undefined : score;
  }

  /** Inserts the key with the score, or moves it there. */
  set(key: number, score: number): void {
    checkKey(key);
    checkScore(score);
    score += 0; // -0 is kept as 0, so that scoreOf and entries give back 0
    const old = this.scoreOf(key);
    if (old === score) return;
    if (old === undefined) this.growTo(key);
    else this.keys.remove(this.placeOf(key, old));
    this.scores[key] = score;
    this.keys.insert(
      this.seek(score, (other) => this.tieOrder(other, key)),
      key,
    );
    this.version++;
  }

  /** Adds delta to the key's score (inserting it at `delta` where absent). */
  add(key: number, delta: number): void {
    checkScore(delta);
    this.set(key, (this.scoreOf(key) ?? 0) + delta);
  }

  delete(key: number): boolean {
    const score = this.scoreOf(key);
    if (score === undefined) return false;
    this.keys.remove(this.placeOf(key, score));
    this.scores[key] = NaN;
    this.version++;
    return true;
  }

  /** How many entries score strictly more than `score` ("1224" competition rank = countAbove + 1). */
  countAbove(score: number): number {
    checkScore(score);
    return this.keys.positionOf(this.seek(score, () => 1)); // an equal score comes after the probe
  }

  /** How many entries score strictly less than `score`. */
  countBelow(score: number): number {
    checkScore(score);
    return this.size - this.keys.positionOf(this.seek(score, () => -1)); // an equal score comes before it
  }

  /** 0-based position of the key in board order, or -1. */
  positionOf(key: number): number {
    const score = this.scoreOf(key);
    return score === undefined ? -1 : this.keys.positionOf(this.placeOf(key, score));
  }

  /** Up to `count` entries from position `from` in board order. */
  slice(from: number, count: number): BoardEntry[] {
    checkCount(from, "from");
    checkCount(count, "count");
    return this.keys.slice(from, count).map((key) => ({ key, score: this.scores[key] }));
  }

  /**
   * Position of the first entry that comes strictly after the probe (score, tie) in board order:
   * entries with a lower score, or an equal score and tie(key) > 0, where tie compares the entry's
   * key against the probe (positive: the entry's key comes after the probe). Used for keyset
   * cursors whose key may no longer be on the board. Calls `tie` only on keys scoring `score`.
   */
  positionAfter(score: number, tie: (key: number) => number): number {
    checkScore(score);
    return this.keys.positionOf(this.seek(score, tie));
  }

  /** Every entry in board order (for building reports and tests); throws if the board changes meanwhile. */
  *entries(): IterableIterator<BoardEntry> {
    const version = this.version;
    for (const key of this.keys.keysFrom(0)) {
      yield { key, score: this.scores[key] };
      if (this.version !== version) throw new Error("RankedBoard changed while its entries were being read");
    }
  }

  /**
   * Takes `tieOrder` (by default the same function, for a comparator over data the caller has
   * changed, such as code-point ranks of ids renumbered around a new participant). A change that
   * keeps the relative order of the keys on the board, as it should, moves nothing: one pass checks
   * neighbours of equal score (at most size − 1 tie calls). Any other change is put right by sorting
   * every key again, as `from` does. Returns whether that was needed.
   */
  reorderTies(tieOrder: TieOrder = this.tieOrder): boolean {
    this.tieOrder = tieOrder;
    const keys = this.keys.toArray();
    if (keys.every((key, i) => i === 0 || this.compare(keys[i - 1], key) < 0)) return false;
    this.keys.replaceAll(keys.sort(this.compare));
    this.version++;
    return true;
  }

  /** Board order on keys: higher score first, then the tie order. */
  private readonly compare = (a: number, b: number): number => {
    const scoreA = this.scores[a];
    const scoreB = this.scores[b];
    return scoreA !== scoreB ? (scoreA > scoreB ? -1 : 1) : this.tieOrder(a, b);
  };

  /**
   * The place of the first entry that comes after the probe: a lower score, or an equal score and
   * tie(key) > 0. Calls `tie` only on keys scoring exactly `score`.
   */
  private seek(score: number, tie: (key: number) => number): Place {
    const { scores } = this;
    return this.keys.seek((key) => scores[key] < score || (scores[key] === score && tie(key) > 0));
  }

  /** The place of a key on the board, found by its score and the tie order. */
  private placeOf(key: number, score: number): Place {
    // Counting the key itself as after the probe stops the search on it.
    const place = this.seek(score, (other) => (other === key ? 1 : this.tieOrder(other, key)));
    if (this.keys.keyAt(place) !== key) {
      throw new Error(`RankedBoard cannot find key ${key} where its score and tie order put it; did the tie order change? (reorderTies)`);
    }
    return place;
  }

  /** Makes room in the score array for `key`, growing by half again so that growth costs O(1) a key. */
  private growTo(key: number): void {
    if (key < this.scores.length) return;
    const grown = new Float64Array(Math.max(key + 1, Math.ceil(this.scores.length * 1.5), 16)).fill(NaN);
    grown.set(this.scores);
    this.scores = grown;
  }
}

function checkKey(key: number): void {
  if (!Number.isInteger(key) || key < 0 || key > 0x7fffffff) throw new RangeError(`a key must be an integer from 0 to 2^31 − 1, not ${key}`);
}

function checkScore(score: number): void {
  if (typeof score !== "number" || Number.isNaN(score)) throw new RangeError(`a score must be a number, not ${score}`);
}

function checkCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, not ${n}`);
}
