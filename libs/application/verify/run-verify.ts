import type { Pool } from 'pg';
import type { EventStore } from '../../event-store/event-store.port';
import type { Finding } from '../../infra/findings';
import type { Progress } from '../../infra/progress';
import { ALL_PROJECTIONS } from '../../../projections/all-projections';
import { checkLedgerInvariants } from '../../../projections/journal/ledger-invariants';
import { AccountStates } from './account-states';
import { StreamTimeOrder } from './time-order';
import { verifyHashChains, verifyReadModels, verifyStreamTips } from './verify-ledger';

/**
 * One whole verify run, as `npm run ledger -- verify` and the console's operations page start it:
 * every stream's hash chain, time order and tip, every read model against a rebuild beside it,
 * and the ledger invariants against the states folded from the events.
 */
export interface VerifyOutcome {
  readonly findings: readonly Finding[];
  readonly events: number;
  readonly streams: number;
  readonly readModels: number;
}

export interface VerifyProgress {
  /** Each phase's own progress: `hash chains`, then `read models`. */
  phase(name: 'hash chains' | 'read models'): Progress;
}

export async function runVerify(pool: Pool, store: EventStore, engine: string, progress: VerifyProgress): Promise<VerifyOutcome> {
  const findings: Finding[] = [];
  const accounts = new AccountStates();
  const timeOrder = new StreamTimeOrder();
  const chains = progress.phase('hash chains');
  const chainResult = await verifyHashChains(store, chains, (event) => {
    accounts.visit(event);
    timeOrder.visit(event);
  });
  chains.finish(`${chainResult.findings.length} finding(s)`);
  findings.push(...chainResult.findings, ...timeOrder.findings());
  if (engine === 'postgres') findings.push(...(await verifyStreamTips(pool, chainResult.tips, chainResult.broken)));
  const models = progress.phase('read models');
  findings.push(...(await verifyReadModels(pool, store, ALL_PROJECTIONS, models)));
  models.finish();
  // Only meaningful on intact streams: a broken chain already failed verify.
  if (chainResult.findings.length === 0) findings.push(...(await checkLedgerInvariants(pool, accounts.truths())));
  return { findings, events: chainResult.events, streams: chainResult.tips.size, readModels: ALL_PROJECTIONS.length };
}
