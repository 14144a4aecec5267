import type { PoolClient } from 'pg';
import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import { accountView } from '../../libs/domain/billing-account/account-view';
import type { BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import { keepRowsInline } from '../../libs/infra/projections/inline-rows';
import { foldAccountEvent } from '../account-fold';
import { SEARCH_TEXT_SQL } from './accounts.query';

const ACCOUNTS_ROWS = new JsonRows('account_id text, status text, tier text, branches int, visible boolean, currency text, credit bigint, next_due_at timestamptz, revision bigint, state jsonb, view jsonb');

/**
 * Accounts and their subscriptions: one row per billing account holding the folded domain state
 * (so the read model can never disagree with the decider about what an event means), its public
 * view, and the columns queries filter on — status, tier, currency, visibility, and when work next
 * falls due — with a trigram index for finance's search by id, business name or email
 * (accounts.query.ts).
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';

export interface AccountRow {
  readonly state: BillingAccountState;
  readonly revision: number;
}

/** The pure part: one event folded into the row. */
export function evolveAccountRow(row: AccountRow | undefined, event: StoredEvent): AccountRow {
  const state = row?.state ?? billingAccountDecider.initialState();
  return { state: foldAccountEvent(state, event), revision: event.revision };
}

export const accountsProjection: Projection = {
  name: 'accounts',
  // 2: the view shows the discount and the price book.
  version: 2,
  tables: ['accounts'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('accounts')} (
      account_id   text PRIMARY KEY,
      status       text NOT NULL,
      tier         text,
      branches     integer,
      visible      boolean NOT NULL,
      currency     text NOT NULL,
      credit       bigint NOT NULL,
      next_due_at  timestamptz,
      revision     bigint NOT NULL,
      state        jsonb NOT NULL,
      view         jsonb NOT NULL
    );
    ${keepRowsInline(t('accounts'))}
    CREATE INDEX IF NOT EXISTS ${t('accounts')}_next_due_at ON ${t('accounts')} (next_due_at) WHERE next_due_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS ${t('accounts')}_search ON ${t('accounts')} USING gin (${SEARCH_TEXT_SQL} gin_trgm_ops);`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const accountEvents = events.filter((event) => event.streamId.startsWith(ACCOUNT_STREAM_PREFIX));
    if (accountEvents.length === 0) return;
    const ids = [...new Set(accountEvents.map((event) => event.streamId.slice(ACCOUNT_STREAM_PREFIX.length)))];
    const { rows } = await client.query<{ account_id: string; state: BillingAccountState; revision: string }>(
      `SELECT account_id, state, revision FROM ${t('accounts')} WHERE account_id = ANY($1)`,
      [ids],
    );
    const current = new Map<string, AccountRow>(rows.map((row) => [row.account_id, { state: row.state, revision: Number(row.revision) }]));
    for (const event of accountEvents) {
      const id = event.streamId.slice(ACCOUNT_STREAM_PREFIX.length);
      current.set(id, evolveAccountRow(current.get(id), event));
    }
    await client.query(
      `INSERT INTO ${t('accounts')} (account_id, status, tier, branches, visible, currency, credit, next_due_at, revision, state, view)
       ${ACCOUNTS_ROWS.select}
       ON CONFLICT (account_id) DO UPDATE SET status = EXCLUDED.status, tier = EXCLUDED.tier, branches = EXCLUDED.branches,
         visible = EXCLUDED.visible, currency = EXCLUDED.currency, credit = EXCLUDED.credit, next_due_at = EXCLUDED.next_due_at,
         revision = EXCLUDED.revision, state = EXCLUDED.state, view = EXCLUDED.view`,
      [ACCOUNTS_ROWS.param(ids.map((id) => accountRecord(id, current.get(id) as AccountRow)))],
    );
  },
};

function accountRecord(id: string, row: AccountRow): Record<string, unknown> {
  const view = accountView(row.state);
  return {
    account_id: id, status: view.status, tier: view.tier, branches: view.branches, visible: view.visible, currency: view.currency,
    credit: view.credit.amount, next_due_at: view.nextDueAt, revision: row.revision, state: row.state, view,
  };
}
