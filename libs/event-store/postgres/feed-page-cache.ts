import type { ReadAllOptions, StoredEvent } from '../event-store.port';

/**
 * The last few full pages of the global feed, so that read models catching up side by side read
 * and parse each page once instead of once each. Every projection runs its own subscription with
 * the same batch size from the same checkpoints, so they ask for the very same pages; measured,
 * the second pass over the feed was what held "all read models" to well under half the speed of
 * one trivial projection.
 *
 * Only a full page is kept (as many events as asked for). Because the feed is gap-free, no event
 * can ever appear between a page's start and its last event, so a full page never changes. A
 * short page is the feed's current end and may grow: it is never kept. The same holds for a read
 * that joins an identical one already in flight: it takes the answer only if the page came back
 * full, and reads afresh otherwise. Callers share the event objects of a page; nothing in the
 * service mutates a stored event.
 */
export class FeedPageCache {
  private readonly pages = new Map<string, readonly StoredEvent[]>();
  private readonly inFlight = new Map<string, Promise<StoredEvent[]>>();
  private events = 0;

  constructor(private readonly capacityEvents = 20_000) {}

  static key(options: ReadAllOptions): string {
    const filter = options.filter;
    return `${options.after ?? ''}|${options.maxCount ?? ''}|${filter?.streamPrefixes?.join('\u0000') ?? ''}|${filter?.eventTypes?.join('\u0000') ?? ''}`;
  }

  async read(options: ReadAllOptions, requested: number, load: () => Promise<StoredEvent[]>): Promise<StoredEvent[]> {
    const key = FeedPageCache.key(options);
    const cached = this.pages.get(key);
    if (cached) return [...cached];
    const pending = this.inFlight.get(key);
    if (pending) {
      const page = await pending;
      return page.length === requested ? [...page] : load();
    }
    const loading = load();
    this.inFlight.set(key, loading);
    try {
      const page = await loading;
      this.offer(key, requested, page);
      return [...page];
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Keeps the page if it is full; forgets the oldest pages beyond the capacity. */
  private offer(key: string, requested: number, page: readonly StoredEvent[]): void {
    if (page.length === 0 || page.length < requested || page.length > this.capacityEvents || this.pages.has(key)) return;
    this.pages.set(key, [...page]);
    this.events += page.length;
    for (const [oldest, events] of this.pages) {
      if (this.events <= this.capacityEvents) break;
      this.pages.delete(oldest);
      this.events -= events.length;
    }
  }
}
