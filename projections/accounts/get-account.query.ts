import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { AccountView } from '../../libs/domain/billing-account/account-view';
import { POOL } from '../../libs/infra/runtime-tokens';
import { findAccount } from './accounts.query';

/** GET /v1/accounts/{id} through the QueryBus: the account as the accounts read model has it. */
export class GetAccount {
  constructor(readonly accountId: string) {}
}

@QueryHandler(GetAccount)
export class GetAccountHandler implements IQueryHandler<GetAccount, AccountView | undefined> {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  execute({ accountId }: GetAccount): Promise<AccountView | undefined> {
    return findAccount(this.pool, accountId);
  }
}
