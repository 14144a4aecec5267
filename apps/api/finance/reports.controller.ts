import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { Roles } from '../../../libs/infra/auth/auth';
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { mrrReport } from '../../../projections/mrr/mrr.query';
import { taxReport } from '../../../projections/tax/tax.query';
import { checkDateRange, DateRangeQueryDto } from './finance.dto';

/** Finance reports: MRR movements by day and tax by region and currency. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('mrr')
  @Roles('finance')
  @ApiOperation({ summary: 'Daily MRR and ARR (GBP, list prices) with new, expansion, contraction, churn and reactivation' })
  async mrr(@Query() query: DateRangeQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    checkDateRange(query);
    await this.catchUp('mrr', query.after, reply);
    return mrrReport(this.pool, query.from, query.to);
  }

  @Get('tax')
  @Roles('finance')
  @ApiOperation({ summary: 'Taxable amount and tax per region and currency, by issue date; credit notes negative' })
  async tax(@Query() query: DateRangeQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    checkDateRange(query);
    await this.catchUp('tax', query.after, reply);
    return taxReport(this.pool, query.from, query.to);
  }

  private async catchUp(projection: string, after: string | undefined, reply: FastifyReply): Promise<void> {
    if (after && !(await waitForPosition(this.pool, [projection], after))) void reply.header('x-read-model-behind', 'true');
  }
}
