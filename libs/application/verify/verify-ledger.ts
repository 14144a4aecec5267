import type { Pool } from 'pg';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { chainHash, contentHash, GENESIS_HASH } from '../../event-store/hash-chain';
import type { Projection } from '../../infra/projections/projection';
import { compareEachWithRebuild } from '../../infra/projections/projection-rebuild';
import type { Progress } from '../../infra/progress';
import type { Finding } from '../../infra/findings';

/**
 * What `npm run ledger -- verify` checks. Each check returns findings; an empty list is a pass.
 * Nothing here trusts a read model: the events are the truth, and everything else is compared
 * against what they say.
 */

interface ChainTip {
  revision: number;
  hash: string;
}

const READ_PAGE = 5_000;

/**
 * Walks the whole feed once and checks every stream's hash chain link by link: a changed event,
 * a deleted one or two swapped ones break it at the first link touched.
 */
export async function verifyHashChains(store: EventStore, progress?: Progress, visit?: (event: StoredEvent) => void): Promise<{ findings: Finding[]; tips: Map<string, ChainTip>; broken: Set<string>; events: number }> {
  const tips = new Map<string, ChainTip>();
  const broken = new Set<string>();
  const findings: Finding[] = [];
  let after: string | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: READ_PAGE });
    for (const event of page) {
      events++;
      visit?.(event);
      if (broken.has(event.streamId)) continue;
      const tip = tips.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
      const where = `${event.streamId}@${event.revision} (event ${event.id})`;
      let problem: string | undefined;
      if (event.revision !== tip.revision + 1) problem = `revision ${event.revision} follows ${tip.revision}: an event is missing or moved`;
      else if (event.metadata.prevHash !== tip.hash) problem = 'prevHash does not match the previous event: an event is missing, moved or altered';
      else if (chainHash(tip.hash, event.streamId, event.revision, contentHash(event)) !== event.metadata.hash) problem = 'hash does not match the content: the event was altered';
      if (problem) {
        findings.push({ check: 'hash-chain', detail: `first broken link at ${where}: ${problem}` });
        broken.add(event.streamId);
        continue;
      }
      tips.set(event.streamId, { revision: event.revision, hash: event.metadata.hash });
    }
    progress?.tick(events);
    if (page.length < READ_PAGE) return { findings, tips, broken, events };
    after = page[page.length - 1].position;
  }
}

/**
 * PostgreSQL keeps each stream's tip (revision and hash) beside the events; a deleted last event
 * leaves the chain intact but no longer reaches the recorded tip.
 */
export async function verifyStreamTips(pool: Pool, tips: ReadonlyMap<string, ChainTip>, broken: ReadonlySet<string>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { rows } = await pool.query<{ stream_id: string; revision: string; last_hash: string }>('SELECT stream_id, revision, last_hash FROM streams');
  for (const row of rows) {
    if (broken.has(row.stream_id)) continue; // Its chain finding says more than a tip mismatch would.
    const tip = tips.get(row.stream_id);
    if (!tip) findings.push({ check: 'stream-tip', detail: `${row.stream_id}: recorded up to revision ${row.revision} but none of its events is in the feed` });
    else if (tip.revision !== Number(row.revision) || tip.hash !== row.last_hash) {
      findings.push({ check: 'stream-tip', detail: `${row.stream_id}: the feed ends at revision ${tip.revision} but the stream was recorded up to ${row.revision}` });
    }
  }
  return findings;
}

/** Rebuilds every read model beside the live one and reports tables whose rows differ. */
export async function verifyReadModels(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: Progress): Promise<Finding[]> {
  const findings: Finding[] = [];
  // All of them in one pass over the feed; one that cannot be rebuilt does not hold up the others.
  const { differences, failures } = await compareEachWithRebuild(pool, store, projections, (applied) => progress?.tick(applied));
  for (const projection of projections) {
    const failure = failures.get(projection.name);
    // A projection refuses an event it cannot apply: with tampered events that is expected.
    if (failure !== undefined) findings.push({ check: 'read-model', detail: `${projection.name}: cannot be rebuilt from the events: ${failure instanceof Error ? failure.message : String(failure)}` });
    for (const table of failure === undefined ? projection.tables : []) {
      const count = differences[table] ?? 0;
      if (count > 0) findings.push({ check: 'read-model', detail: `${projection.name}: table ${table} has ${count} row(s) that differ from a rebuild from the events` });
    }
  }
  return findings;
}
