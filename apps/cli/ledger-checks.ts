import type { Writable } from 'node:stream';
import type { Runtime } from '../../libs/infra/runtime';
import { createProgress } from '../../libs/infra/progress';
import { journalEntries, type JournalEntryView } from '../../projections/journal/journal.query';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAGE = 1_000;

/** `export --from --to [--format csv|jsonl]`: journal entries in [from, to), in ledger order. */
export async function exportJournal(runtime: Runtime, from: string | undefined, to: string | undefined, format: string, out: Writable): Promise<number> {
  if (!from || !to || !DATE.test(from) || !DATE.test(to) || from >= to) throw new UsageError('export needs --from YYYY-MM-DD and a later --to YYYY-MM-DD');
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format must be csv or jsonl');
  const progress = createProgress('export journal');
  if (format === 'csv') out.write('entry_id,event_id,position,occurred_at,kind,account_id,currency,ledger_account,debit,credit,description\n');
  let after: JournalEntryView | undefined;
  let entries = 0;
  for (;;) {
    const page = await journalEntries(runtime.pool, `${from}T00:00:00.000Z`, `${to}T00:00:00.000Z`, PAGE, after);
    for (const entry of page) out.write(format === 'csv' ? csvRows(entry) : `${JSON.stringify(entry)}\n`);
    entries += page.length;
    progress.tick(entries);
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  progress.finish('entries exported');
  return 0;
}

function csvRows(entry: JournalEntryView): string {
  return entry.lines
    .map((line) => [entry.entryId, entry.eventId, entry.position, entry.occurredAt, entry.kind, entry.accountId, entry.currency, line.ledgerAccount, line.debit, line.credit, entry.description].map(csvField).join(','))
    .map((row) => `${row}\n`)
    .join('');
}

/** RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets do not run it as a formula. */
function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export class UsageError extends Error {}
