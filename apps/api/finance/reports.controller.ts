import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { Roles } from '../../../libs/infra/auth/auth';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { mrrReport, type MrrReport } from '../../../projections/mrr/mrr.query';
import { taxReport, type TaxReport } from '../../../projections/tax/tax.query';
import { checkDateRange, DateRangeQueryDto } from './finance.dto';
import { MrrReportDto, TaxReportDto } from './report.dto';

/** Finance reports: MRR movements by day and tax by region and currency. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('mrr')
  @Roles('finance')
  @ReadsFrom('mrr')
  @ApiOperation({ summary: 'Daily MRR and ARR (GBP, list prices) with new, expansion, contraction, churn and reactivation; one item per day' })
  @ApiOkResponse({ type: MrrReportDto })
  mrr(@Query() query: DateRangeQueryDto): Promise<MrrReport> {
    checkDateRange(query);
    return mrrReport(this.pool, query.from, query.to);
  }

  @Get('tax')
  @Roles('finance')
  @ReadsFrom('tax')
  @ApiOperation({ summary: 'Taxable amount and tax per region and currency, by issue date; credit notes negative; one item per region and currency' })
  @ApiOkResponse({ type: TaxReportDto })
  tax(@Query() query: DateRangeQueryDto): Promise<TaxReport> {
    checkDateRange(query);
    return taxReport(this.pool, query.from, query.to);
  }
}
