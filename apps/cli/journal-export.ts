import type { Writable } from 'node:stream';
import type { Pool } from 'pg';
import { toMajorUnits } from '../../libs/domain/money/money';
import { createProgress } from '../../libs/infra/progress';
import { waitForPosition } from '../../libs/infra/projections/read-your-writes';
import type { Runtime } from '../../libs/infra/runtime';
import { invoiceNumbers } from '../../projections/invoices/invoices.query';
import { journalEntries, type JournalEntryView } from '../../projections/journal/journal.query';
import { UsageError } from './usage';

/**
 * `export --from --to [--format csv|jsonl]`: the journal entries that occurred on the days from
 * `--from` to `--to`, both included (UTC days, as the MRR and tax reports count them), in ledger
 * order. Amounts are decimal strings in major units with the entry's currency (1.20 GBP, 228 JPY),
 * and each entry names its invoice or credit note by number (INV-000001, CN-000001), which is what
 * finance files documents under.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAGE = 1_000;
const DAY_MS = 86_400_000;
/** How long the export waits for the invoices read model to number what the journal holds. */
const NUMBERS_WAIT_MS = 10_000;

export const CSV_HEADER = 'entry_id,occurred_at,kind,account_id,document,currency,ledger_account,debit,credit,description,event_id,position';

export interface ExportRange {
  /** Inclusive: from 00:00 UTC of this day. */
  readonly from: string;
  /** Exclusive: 00:00 UTC of the day after `--to`. */
  readonly until: string;
}

/** The instants `--from` and `--to` (both whole days, both included) cover. */
export function exportRange(from: string | undefined, to: string | undefined): ExportRange {
  const start = dayStart(from, '--from');
  const end = dayStart(to, '--to');
  if (end < start) throw new UsageError(`--to ${to} is before --from ${from}; both days are included, so --to may equal --from but not precede it`);
  return { from: new Date(start).toISOString(), until: new Date(end + DAY_MS).toISOString() };
}

function dayStart(day: string | undefined, flag: string): number {
  const instant = day !== undefined && DATE.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March; a date that does not print back is not a date.
  if (Number.isNaN(instant) || new Date(instant).toISOString().slice(0, 10) !== day) throw new UsageError(`${flag} must be a date such as 2026-01-31, not ${JSON.stringify(day ?? '')}`);
  return instant;
}

export async function exportJournal(runtime: Runtime, range: ExportRange, format: string, out: Writable): Promise<number> {
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`--format must be csv or jsonl, not ${JSON.stringify(format)}`);
  const progress = createProgress('export journal');
  if (format === 'csv') out.write(`${CSV_HEADER}\n`);
  let after: JournalEntryView | undefined;
  let entries = 0;
  for (;;) {
    const page = await journalEntries(runtime.pool, range.from, range.until, PAGE, after);
    const numbers = await numbersOf(runtime.pool, page);
    for (const entry of page) {
      const row = exported(entry, numbers.get(entry.documentId) as string);
      out.write(format === 'csv' ? csvRows(row) : `${JSON.stringify(row)}\n`);
    }
    entries += page.length;
    progress.tick(entries);
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  progress.finish('entries exported');
  return 0;
}

/**
 * The numbers of the page's documents. Numbers come from the invoices read model, which applies
 * the feed on its own and may be a little behind the journal: then wait for it to catch up.
 */
async function numbersOf(pool: Pool, page: readonly JournalEntryView[]): Promise<Map<string, string>> {
  const ids = page.map((entry) => entry.documentId);
  let numbers = await invoiceNumbers(pool, ids);
  if (ids.every((id) => numbers.has(id))) return numbers;
  const { rows } = await pool.query<{ position: string | null }>(`SELECT position FROM projection_checkpoints WHERE name = 'journal'`);
  const journalAt = rows[0]?.position;
  if (journalAt) await waitForPosition(pool, ['invoices'], journalAt, NUMBERS_WAIT_MS);
  numbers = await invoiceNumbers(pool, ids);
  const missing = page.find((entry) => !numbers.has(entry.documentId));
  if (missing) {
    throw new Error(`journal entry ${missing.entryId} is about document ${missing.documentId}, which the invoices read model has not numbered: it is behind the journal. Is the worker running? "npm run -s ledger -- replay" rebuilds both`);
  }
  return numbers;
}

interface ExportedEntry {
  readonly entryId: string;
  readonly occurredAt: string;
  readonly kind: string;
  readonly accountId: string;
  readonly document: string;
  readonly currency: string;
  readonly description: string;
  readonly eventId: string;
  readonly position: string;
  readonly lines: ReadonlyArray<{ readonly ledgerAccount: string; readonly debit: string; readonly credit: string }>;
}

function exported(entry: JournalEntryView, document: string): ExportedEntry {
  const { currency } = entry;
  return {
    entryId: entry.entryId, occurredAt: entry.occurredAt, kind: entry.kind, accountId: entry.accountId, document, currency,
    description: entry.description, eventId: entry.eventId, position: entry.position,
    lines: entry.lines.map((line) => ({ ledgerAccount: line.ledgerAccount, debit: toMajorUnits(line.debit, currency), credit: toMajorUnits(line.credit, currency) })),
  };
}

function csvRows(entry: ExportedEntry): string {
  return entry.lines
    .map((line) => [entry.entryId, entry.occurredAt, entry.kind, entry.accountId, entry.document, entry.currency, line.ledgerAccount, line.debit, line.credit, entry.description, entry.eventId, entry.position].map(csvField).join(','))
    .map((row) => `${row}\n`)
    .join('');
}

/** RFC 4180 quoting; a text starting with = + - @ is prefixed so spreadsheets do not run it as a formula. */
function csvField(value: string): string {
  let text = value;
  if (/^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
