import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { Roles } from '../../../libs/infra/auth/auth';
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { trialBalance } from '../../../projections/journal/journal.query';
import { normaliseInstant, TrialBalanceQueryDto } from './finance.dto';

/** The double-entry ledger's reports for finance. */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/ledger')
export class LedgerController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('trial-balance')
  @Roles('finance')
  @ApiOperation({ summary: 'Balances per ledger account of one currency’s book as of an instant; they sum to 0' })
  async trialBalance(@Query() query: TrialBalanceQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const asOf = query.asOf === undefined ? undefined : normaliseInstant(query.asOf);
    if (query.after && !(await waitForPosition(this.pool, ['journal'], query.after))) void reply.header('x-read-model-behind', 'true');
    return trialBalance(this.pool, query.currency, asOf);
  }
}
