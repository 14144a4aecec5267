import type { StoredEvent } from '../../event-store/event-store.port';
import type { Finding } from '../../infra/findings';

/**
 * Verify's check that no stream's history runs backwards: every event's `occurredAt` is a valid
 * instant at or after the one before it in its stream. The command loop has refused to write
 * anything else since issue 15; a stream written before that (a manual clock moved back across a
 * restart), or by hand, shows up here. Such a stream folds, but `asOf` questions about it have no
 * single answer, so finance must look at it. Fed event by event as verify walks the feed.
 */
export class StreamTimeOrder {
  private readonly latest = new Map<string, { readonly revision: number; readonly at: number; readonly stamp: string }>();
  private readonly found: Finding[] = [];
  /** Streams already reported: the first step back says enough about one. */
  private readonly reported = new Set<string>();

  visit = (event: StoredEvent): void => {
    if (this.reported.has(event.streamId)) return;
    const stamp = event.metadata.occurredAt;
    const at = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
    const where = `${event.streamId}@${event.revision} (event ${event.id})`;
    if (Number.isNaN(at)) {
      this.report(event.streamId, `${where}: occurredAt ${JSON.stringify(stamp)} is not an instant`);
      return;
    }
    const previous = this.latest.get(event.streamId);
    if (previous && at < previous.at) {
      this.report(event.streamId, `${where}: occurredAt ${stamp} is earlier than ${previous.stamp} at revision ${previous.revision}: the stream's history runs backwards`);
      return;
    }
    this.latest.set(event.streamId, { revision: event.revision, at, stamp });
  };

  findings(): Finding[] {
    return [...this.found];
  }

  private report(streamId: string, detail: string): void {
    this.reported.add(streamId);
    this.found.push({ check: 'time-order', detail });
  }
}
