import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { Roles } from '../../../libs/infra/auth/auth';
import type { Clock } from '../../../libs/infra/clock/clock';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { CLOCK, POOL } from '../../../libs/infra/runtime-tokens';
import { ACCOUNT_STATUSES, accountsByStatus, receivables } from '../../../projections/accounts/accounts-summary.query';
import { mrrNow } from '../../../projections/mrr/mrr-now.query';
import { MRR_CURRENCY } from '../../../projections/mrr/mrr.query';
import { MoneyView as MoneyDto } from '../common/money.dto';

export class StatusSummaryDto {
  @ApiProperty({ enum: ACCOUNT_STATUSES, description: 'The accounts in this status' })
  status!: string;

  @ApiProperty({ type: 'integer', example: 42 })
  count!: number;

  @ApiProperty({ type: MoneyDto, description: 'MRR of the accounts in this status (GBP, list prices)' })
  mrr!: MoneyDto;
}

export class AccountsSummaryDto {
  @ApiProperty({ type: 'integer', example: 150 })
  total!: number;

  @ApiProperty({ type: [StatusSummaryDto], description: 'Every status, in a fixed order, 0 where none stands' })
  byStatus!: StatusSummaryDto[];
}

export class ReceivableDto {
  @ApiProperty({ example: 'GBP' })
  currency!: string;

  @ApiProperty({ type: MoneyDto, description: 'What open invoices still ask for' })
  open!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'The part of it past due: a payment failed, or the due date passed unpaid' })
  pastDue!: MoneyDto;

  @ApiProperty({ type: 'integer' })
  openInvoices!: number;

  @ApiProperty({ type: 'integer' })
  pastDueInvoices!: number;

  @ApiProperty({ type: 'integer' })
  accountsPastDue!: number;
}

export class SummaryDto {
  @ApiProperty({ example: '2026-03-17T09:00:00.000Z', description: 'The ledger clock when this was read' })
  asOf!: string;

  @ApiProperty({ type: MoneyDto, description: 'MRR now (GBP, list prices before discounts, tax excluded)' })
  mrr!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: '12 × MRR' })
  arr!: MoneyDto;

  @ApiProperty({ type: AccountsSummaryDto })
  accounts!: AccountsSummaryDto;

  @ApiProperty({ type: [ReceivableDto], description: 'One book per currency: GBP first, then by code' })
  receivables!: ReceivableDto[];
}

/** The overview's figures in one read: MRR now, accounts by status, receivables and past due. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports/summary')
export class OverviewController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('finance')
  @ReadsFrom('accounts', 'mrr')
  @ApiOperation({ summary: 'MRR and ARR now, accounts by status with their MRR, receivables and past-due amounts per currency' })
  @ApiOkResponse({ type: SummaryDto })
  async summary(): Promise<SummaryDto> {
    const [statuses, mrr, books] = await Promise.all([accountsByStatus(this.pool), mrrNow(this.pool), receivables(this.pool)]);
    const zero = { amount: 0, currency: MRR_CURRENCY };
    return {
      asOf: this.clock.now().toISOString(),
      mrr: mrr.mrr,
      arr: { amount: 12 * mrr.mrr.amount, currency: MRR_CURRENCY },
      accounts: {
        total: statuses.reduce((sum, entry) => sum + entry.count, 0),
        byStatus: statuses.map((entry) => ({ ...entry, mrr: mrr.byStatus.get(entry.status) ?? zero })),
      },
      receivables: books,
    };
  }
}
