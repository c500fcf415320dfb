/**
 * Lookups kept for a few seconds in the isolate, so that a hot read does not ask D1 for the same
 * credential or program on every request. A change made in this isolate clears the cache at once;
 * one made elsewhere (another isolate, another location) takes effect within `ttlMs`.
 *
 * Only settled values are kept, never a lookup in flight: a Worker may not wait on I/O that another
 * request started ("Cannot perform I/O on behalf of a different request"), so requests that miss
 * together each look up once.
 */
export class IsolateCache<V> {
  private readonly entries = new Map<string, { until: number; value: V }>();
  /** Bumped by clear(): a lookup that started before a change does not keep its result. */
  private generation = 0;

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value under `key`, loaded where it is missing or older than the bound at `now`. */
  async get(key: string, now: number, load: () => Promise<V>): Promise<V> {
    const held = this.entries.get(key);
    if (held && held.until > now) return held.value;
    const generation = this.generation;
    const value = await load();
    if (generation !== this.generation) return value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { until: now + this.ttlMs, value });
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.generation++;
  }
}

/** How long a revoked key or a changed program may still be seen by another isolate. */
export const LOOKUP_TTL_MS = 5_000;
