import type { Pool } from 'pg';
import { decodeCursor, pageOfRows, type Page } from '../../infra/http/pagination';

/** The outbox table (migration 0042): what was sent or given up, newest first for admins. */
export interface OutboxEntry {
  readonly messageId: string;
  readonly eventId: string;
  readonly to: string;
  readonly subject: string;
  readonly sentAt?: string;
  readonly failedAt?: string;
  readonly error: string | null;
}

export interface OutboxRecord {
  readonly messageId: string;
  readonly eventId: string;
  readonly kind: string;
  readonly accountId: string;
  readonly to: string;
  readonly subject: string;
}

export async function isSettled(pool: Pool, messageId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM email_outbox WHERE message_id = $1', [messageId]);
  return (rowCount ?? 0) > 0;
}

export async function recordOutcome(pool: Pool, record: OutboxRecord, at: Date, error: string | null): Promise<void> {
  await pool.query(
    `INSERT INTO email_outbox (message_id, event_id, kind, account_id, recipient, subject, sent_at, failed_at, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (message_id) DO NOTHING`,
    [record.messageId, record.eventId, record.kind, record.accountId, record.to, record.subject, error === null ? at : null, error === null ? null : at, error],
  );
}

const OUTBOX_LIST = 'outbox';

/** The outbox, newest first, one page at a time with an opaque cursor (libs/infra/http/pagination.ts). */
export async function listOutbox(pool: Pool, limit: number, cursor: string | undefined): Promise<Page<OutboxEntry>> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, OUTBOX_LIST, (key) => key.length === 1 && /^\d{1,18}$/.test(key[0]))[0];
  const { rows } = await pool.query<{ seq: string; message_id: string; event_id: string; recipient: string; subject: string; sent_at: Date | null; failed_at: Date | null; error: string | null }>(
    `SELECT seq, message_id, event_id, recipient, subject, sent_at, failed_at, error FROM email_outbox
     WHERE ($1::bigint IS NULL OR seq < $1::bigint) ORDER BY seq DESC LIMIT $2`,
    [after ?? null, limit + 1],
  );
  return pageOfRows(rows, limit, OUTBOX_LIST, (row) => [row.seq], (row) => ({
    messageId: row.message_id, eventId: row.event_id, to: row.recipient, subject: row.subject,
    ...(row.sent_at ? { sentAt: row.sent_at.toISOString() } : {}), ...(row.failed_at ? { failedAt: row.failed_at.toISOString() } : {}), error: row.error,
  }));
}
