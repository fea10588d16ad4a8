// What the finder's and the dashboard's previews share: the moment of quiet before a preview is
// asked for (a held key moves many rows, then asks once), and the cache of recent previews, so
// moving back shows something at once.

/** Let fast scrolling settle before asking for a preview. */
export const PREVIEW_DELAY_MS = 30;

/** Previews kept: the most recently stored win. */
export const PREVIEW_CACHE = 64;

/** A timer for "after a moment of quiet": each schedule() replaces the one before. */
export class Settle {
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly ms = PREVIEW_DELAY_MS) {}
  schedule(fn: () => void, ms = this.ms): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
  }
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The latest preview of each item seen, at most `limit` of them (the oldest stored goes first). */
export class PreviewCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit = PREVIEW_CACHE) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
  /** Forget every item `keep` says no to (sessions that are gone). */
  retain(keep: (key: K) => boolean): void {
    for (const k of [...this.map.keys()]) if (!keep(k)) this.map.delete(k);
  }
}
