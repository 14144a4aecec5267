import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import {
  DuplicateEventId,
  WrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StoredMetadata,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '../event-store.port';
import { contentHash } from '../hash-chain';
import { decodePosition, encodePosition, FEED_START } from '../position';
import { runSubscription } from '../subscription-loop';
import { AppendBatcher, type AppendArguments, type AppendBatcherOptions, type AppendRow } from './append-batcher';
import { FeedPageCache } from './feed-page-cache';
import { StreamReadBatcher } from './stream-read-batcher';

/** How often an append that lost the interleaving race (40001) is retried before giving up. */
const SERIALIZATION_RETRIES_MAX = 20;
const READ_BATCH_DEFAULT = 500;

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const EVENT_COLUMNS = 'global_position, transaction_id, stream_id, stream_revision, event_id, event_type, data, metadata, prev_hash, hash';

/** Something that runs SQL: the pool, or a client inside a caller's transaction. */
export type Queryable = Pick<Pool, 'query'> | PoolClient;

export interface PostgresEventStoreOptions {
  pollIntervalMs?: number;
  ownsPool?: boolean;
  /** Concurrent appends share one transaction (append-batcher.ts). On unless set to false. */
  groupCommit?: boolean | AppendBatcherOptions;
  /** Whole-stream reads issued together share one query (stream-read-batcher.ts). On unless false. */
  batchReads?: boolean;
  /** Events of full feed pages kept for subscribers reading the same pages (feed-page-cache.ts); 0 turns it off. */
  feedCacheEvents?: number;
}

export class PostgresEventStore implements EventStore {
  private readonly batcher: AppendBatcher | undefined;
  private readonly reads: StreamReadBatcher<EventRow> | undefined;
  private readonly feedPages: FeedPageCache | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    const groupCommit = options.groupCommit ?? true;
    if (groupCommit !== false) this.batcher = new AppendBatcher(pool, (args) => this.appendAlone(args), groupCommit === true ? {} : groupCommit);
    if (options.feedCacheEvents !== 0) this.feedPages = new FeedPageCache(options.feedCacheEvents);
    if (options.batchReads !== false) {
      this.reads = new StreamReadBatcher<EventRow>(pool, `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_revision`);
    }
  }

  async append(streamId: string, events: readonly NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new TypeError('append needs at least one event');
    const args = appendArguments(streamId, events, expectedRevision);
    const row = this.batcher ? await this.batcher.submit(args) : await this.appendAlone(args);
    return appendResult(streamId, expectedRevision, row);
  }

  /** One append in its own transaction (one statement), retried on the interleaving guard. */
  private async appendAlone(args: AppendArguments): Promise<AppendRow> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<AppendRow>({ name: 'ledger_append_one', text: 'SELECT * FROM ledger_append($1, $2, $3, $4, $5, $6, $7, $8)', values: [...args] });
        return rows[0];
      } catch (error) {
        const code = (error as { code?: string }).code;
        const retriable = code === '40001' || (code === '23505' && attempt === 1);
        if (retriable && attempt < SERIALIZATION_RETRIES_MAX) {
          // 23505 once: two identical appends raced; the retry finds the winner's events.
          await sleep(Math.random() * Math.min(50, attempt * 5));
          continue;
        }
        if (code === '23505') throw new DuplicateEventId(args[3][0]);
        throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const whole = !options.fromRevision && options.maxCount === undefined && options.direction !== 'backwards';
    if (whole && this.reads) return (await this.reads.read(streamId)).map(toStoredEvent);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.pool.query<EventRow>({
      name: backwards ? 'ledger_read_stream_backwards' : 'ledger_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_id = $1 AND stream_revision ${backwards ? '<=' : '>='} $2
        ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      values: [streamId, from, options.maxCount ?? null],
    });
    return rows.map(toStoredEvent);
  }

  readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    if (!this.feedPages) return readFeed(this.pool, options);
    return this.feedPages.read(options, options.maxCount ?? READ_BATCH_DEFAULT, () => readFeed(this.pool, options));
  }

  subscribe(after: string | undefined, handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    return runSubscription({
      after,
      handler,
      batchSize: options.batchSize ?? READ_BATCH_DEFAULT,
      pollIntervalMs: this.options.pollIntervalMs ?? 20,
      read: (from, maxCount) => this.readAll({ after: from, maxCount, filter: options.filter }),
      onError: options.onError,
    });
  }

  /**
   * The newest committed event, whether or not the feed may show it yet (the feed stops below the
   * oldest running transaction anywhere in the cluster). Waiting for subscribers to reach this
   * position therefore covers every event committed before the call.
   */
  async headPosition(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
    );
    return rows[0] ? encodePosition(rows[0].transaction_id, rows[0].global_position) : undefined;
  }

  async lastEvent(): Promise<StoredEvent | undefined> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`);
    return rows[0] ? toStoredEvent(rows[0]) : undefined;
  }

  async close(): Promise<void> {
    if (this.options.ownsPool) await this.pool.end();
  }
}

/**
 * Reads the global feed after a position. Only events of transactions older than every running
 * one are returned, so a position once passed is never filled in later (event-store.md).
 */
export async function readFeed(db: Queryable, options: ReadAllOptions): Promise<StoredEvent[]> {
  const after = options.after ? decodePosition(options.after) : FEED_START;
  const params: unknown[] = [after.transactionId.toString(), after.globalPosition.toString(), options.maxCount ?? READ_BATCH_DEFAULT];
  const where = filterSql(options.filter, params);
  const { rows } = await db.query<EventRow>({
    // One prepared statement per filter shape: the text only varies with which filters are set.
    name: `ledger_feed${options.filter?.streamPrefixes?.length ? '_prefixes' : ''}${options.filter?.eventTypes?.length ? '_types' : ''}`,
    text: `SELECT ${EVENT_COLUMNS} FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${where}
      ORDER BY transaction_id, global_position LIMIT $3`,
    values: params,
  });
  return rows.map(toStoredEvent);
}

function filterSql(filter: ReadAllFilter | undefined, params: unknown[]): string {
  let sql = '';
  if (filter?.streamPrefixes?.length) {
    params.push(filter.streamPrefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    sql += ` AND stream_id LIKE ANY($${params.length}::text[])`;
  }
  if (filter?.eventTypes?.length) {
    params.push(filter.eventTypes);
    sql += ` AND event_type = ANY($${params.length}::text[])`;
  }
  return sql;
}

function appendArguments(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendArguments {
  const mode = typeof expected === 'number' ? 'exact' : expected;
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < -1)) throw new TypeError(`bad expected revision ${expected}`);
  return [
    streamId,
    mode,
    typeof expected === 'number' ? expected : null,
    events.map((event) => event.id),
    events.map((event) => event.type),
    events.map((event) => JSON.stringify(event.data)),
    events.map((event) => JSON.stringify(event.metadata)),
    events.map((event) => contentHash(event)),
  ];
}

function appendResult(streamId: string, expected: ExpectedRevision, row: AppendRow): AppendResult {
  if (row.status === 'wrong_revision') throw new WrongExpectedRevision(streamId, expected, Number(row.last_revision));
  return { nextExpectedRevision: Number(row.last_revision), position: encodePosition(row.last_xid as string, row.last_position as string), duplicate: row.status === 'duplicate' };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    position: encodePosition(row.transaction_id, row.global_position),
    data: row.data,
    metadata: { ...row.metadata, prevHash: row.prev_hash, hash: row.hash } as StoredMetadata,
  };
}
