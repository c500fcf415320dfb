/**
 * Lookups kept for a few seconds in the isolate, so that a hot read does not ask D1 for the same
 * credential or program on every request. A change made in this isolate clears the cache at once;
 * one made elsewhere (another isolate, another location) takes effect within `ttlMs`.
 */
export class IsolateCache<V> {
  private readonly entries = new Map<string, { until: number; value: Promise<V> }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value under `key`, loaded where it is missing or older than the bound at `now`. */
  get(key: string, now: number, load: () => Promise<V>): Promise<V> {
    const held = this.entries.get(key);
    if (held && held.until > now) return held.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { until: now + this.ttlMs, value });
    // A failed lookup is not kept: the next request asks again.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** How long a revoked key or a changed program may still be seen by another isolate. */
export const LOOKUP_TTL_MS = 5_000;
