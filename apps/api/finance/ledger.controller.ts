import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { Roles } from '../../../libs/infra/auth/auth';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { trialBalance, type TrialBalance } from '../../../projections/journal/journal.query';
import { normaliseInstant, TrialBalanceQueryDto } from './finance.dto';
import { TrialBalanceDto } from './report.dto';

/** The double-entry ledger's reports for finance. */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/ledger')
export class LedgerController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('trial-balance')
  @Roles('finance')
  @ReadsFrom('journal')
  @ApiOperation({ summary: 'Balances per ledger account of one currency’s book as of an instant, as items; they sum to 0' })
  @ApiOkResponse({ type: TrialBalanceDto })
  trialBalance(@Query() query: TrialBalanceQueryDto): Promise<TrialBalance> {
    return trialBalance(this.pool, query.currency, query.asOf === undefined ? undefined : normaliseInstant(query.asOf));
  }
}
