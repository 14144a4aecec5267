import type { PoolClient } from 'pg';
import type { BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import { keepRowsInline } from '../../libs/infra/projections/inline-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { ACCOUNT_STREAM_PREFIX, evolveMrr, movementsOf, newTracker, type MrrChange, type MrrDay, type MrrTracker } from './mrr.evolve';

const MRR_ACCOUNTS_ROWS = new JsonRows('account_id text, state jsonb, mrr bigint, last_day date, positive_before_last_day boolean');
const MRR_CHANGES_ROWS = new JsonRows('position text, account_id text, occurred_at timestamptz, mrr_before bigint, mrr_after bigint');
const MRR_ACCOUNT_DAYS_ROWS = new JsonRows('account_id text, day date, mrr_start bigint, mrr_end bigint, positive_before boolean, new bigint, expansion bigint, contraction bigint, churn bigint, reactivation bigint');

/**
 * MRR in GBP pence: each account's folded state and current MRR, every change of it, and one row
 * per account per UTC day on which it changed, with that day's net movement already classified.
 * The daily report is then a sum per day; the MRR of a day is the sum of every earlier net change.
 */
export const mrrProjection: Projection = {
  name: 'mrr',
  version: 1,
  tables: ['mrr_accounts', 'mrr_changes', 'mrr_account_days'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('mrr_accounts')} (
      account_id               text PRIMARY KEY,
      state                    jsonb NOT NULL,
      mrr                      bigint NOT NULL,
      last_day                 date,
      positive_before_last_day boolean NOT NULL
    );
    ${keepRowsInline(t('mrr_accounts'))}
    CREATE TABLE IF NOT EXISTS ${t('mrr_changes')} (
      position    text COLLATE "C" PRIMARY KEY,
      account_id  text NOT NULL,
      occurred_at timestamptz NOT NULL,
      mrr_before  bigint NOT NULL,
      mrr_after   bigint NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('mrr_changes')}_account ON ${t('mrr_changes')} (account_id, position);
    CREATE TABLE IF NOT EXISTS ${t('mrr_account_days')} (
      account_id      text NOT NULL,
      day             date NOT NULL,
      mrr_start       bigint NOT NULL,
      mrr_end         bigint NOT NULL,
      positive_before boolean NOT NULL,
      new             bigint NOT NULL,
      expansion       bigint NOT NULL,
      contraction     bigint NOT NULL,
      churn           bigint NOT NULL,
      reactivation    bigint NOT NULL,
      PRIMARY KEY (account_id, day)
    );
    CREATE INDEX IF NOT EXISTS ${t('mrr_account_days')}_day ON ${t('mrr_account_days')} (day);`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const accountEvents = events.filter((event) => event.streamId.startsWith(ACCOUNT_STREAM_PREFIX));
    if (accountEvents.length === 0) return;
    const ids = [...new Set(accountEvents.map(accountIdOf))];
    const { trackers, days } = await load(client, ids, t);
    const changes: MrrChange[] = [];
    for (const event of accountEvents) {
      const id = accountIdOf(event);
      const tracker = trackers.get(id) ?? newTracker(id);
      const step = evolveMrr(tracker, tracker.lastDay === null ? undefined : days.get(dayKey(id, tracker.lastDay)), event);
      trackers.set(id, step.tracker);
      if (step.day) days.set(dayKey(id, step.day.day), step.day);
      if (step.change) changes.push(step.change);
    }
    await saveTrackers(client, ids.map((id) => trackers.get(id) as MrrTracker), t);
    if (changes.length > 0) await saveChanges(client, changes, t);
    await saveDays(client, [...days.values()], t);
  },
};

const accountIdOf = (event: StoredEvent) => event.streamId.slice(ACCOUNT_STREAM_PREFIX.length);
const dayKey = (accountId: string, day: string) => `${accountId}|${day}`;

async function load(client: PoolClient, ids: readonly string[], t: TableNamer): Promise<{ trackers: Map<string, MrrTracker>; days: Map<string, MrrDay> }> {
  const { rows } = await client.query<{ account_id: string; state: BillingAccountState; mrr: string; last_day: string | null; positive_before_last_day: boolean }>(
    `SELECT account_id, state, mrr, to_char(last_day, 'YYYY-MM-DD') AS last_day, positive_before_last_day FROM ${t('mrr_accounts')} WHERE account_id = ANY($1)`,
    [ids],
  );
  const trackers = new Map<string, MrrTracker>(rows.map((row) => [row.account_id, {
    accountId: row.account_id, state: row.state, mrr: Number(row.mrr), lastDay: row.last_day, positiveBeforeLastDay: row.positive_before_last_day,
  }]));
  const withDays = rows.filter((row) => row.last_day !== null);
  const days = new Map<string, MrrDay>();
  if (withDays.length === 0) return { trackers, days };
  const loaded = await client.query<{ account_id: string; day: string; mrr_start: string; mrr_end: string; positive_before: boolean }>(
    `SELECT d.account_id, to_char(d.day, 'YYYY-MM-DD') AS day, d.mrr_start, d.mrr_end, d.positive_before
     FROM ${t('mrr_account_days')} d JOIN unnest($1::text[], $2::date[]) AS last(account_id, day) ON d.account_id = last.account_id AND d.day = last.day`,
    [withDays.map((row) => row.account_id), withDays.map((row) => row.last_day)],
  );
  for (const row of loaded.rows) {
    days.set(dayKey(row.account_id, row.day), { accountId: row.account_id, day: row.day, start: Number(row.mrr_start), end: Number(row.mrr_end), positiveBefore: row.positive_before });
  }
  return { trackers, days };
}

async function saveTrackers(client: PoolClient, trackers: readonly MrrTracker[], t: TableNamer): Promise<void> {
  await client.query(
    `INSERT INTO ${t('mrr_accounts')} (account_id, state, mrr, last_day, positive_before_last_day)
     ${MRR_ACCOUNTS_ROWS.select}
     ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, mrr = EXCLUDED.mrr, last_day = EXCLUDED.last_day,
       positive_before_last_day = EXCLUDED.positive_before_last_day`,
    [MRR_ACCOUNTS_ROWS.param(trackers.map((x) => ({ account_id: x.accountId, state: x.state, mrr: x.mrr, last_day: x.lastDay, positive_before_last_day: x.positiveBeforeLastDay })))],
  );
}

async function saveChanges(client: PoolClient, changes: readonly MrrChange[], t: TableNamer): Promise<void> {
  await client.query(
    `INSERT INTO ${t('mrr_changes')} (position, account_id, occurred_at, mrr_before, mrr_after)
     ${MRR_CHANGES_ROWS.select}`,
    [MRR_CHANGES_ROWS.param(changes.map((c) => ({ position: c.position, account_id: c.accountId, occurred_at: c.at, mrr_before: c.before, mrr_after: c.after })))],
  );
}

async function saveDays(client: PoolClient, days: readonly MrrDay[], t: TableNamer): Promise<void> {
  if (days.length === 0) return;
  await client.query(
    `INSERT INTO ${t('mrr_account_days')} (account_id, day, mrr_start, mrr_end, positive_before, new, expansion, contraction, churn, reactivation)
     ${MRR_ACCOUNT_DAYS_ROWS.select}
     ON CONFLICT (account_id, day) DO UPDATE SET mrr_end = EXCLUDED.mrr_end, new = EXCLUDED.new, expansion = EXCLUDED.expansion,
       contraction = EXCLUDED.contraction, churn = EXCLUDED.churn, reactivation = EXCLUDED.reactivation`,
    [MRR_ACCOUNT_DAYS_ROWS.param(days.map((d) => {
      const m = movementsOf(d);
      return {
        account_id: d.accountId, day: d.day, mrr_start: d.start, mrr_end: d.end, positive_before: d.positiveBefore,
        new: m.new, expansion: m.expansion, contraction: m.contraction, churn: m.churn, reactivation: m.reactivation,
      };
    }))],
  );
}
