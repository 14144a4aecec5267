import { ApiProperty } from '@nestjs/swagger';
import { MoneyView } from '../common/money.dto';
import { PageOf } from '../common/page';

/**
 * The finance reports. Each is a list in the one shape, `{ items, nextCursor }`, with what the
 * report is about beside it; `nextCursor` is always null, since the query itself bounds a report
 * (at most 3660 days; one row per region and currency; one line per ledger account).
 */
export class MrrDayDto {
  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty({ type: MoneyView, description: 'MRR at the end of the day' })
  mrr!: MoneyView;

  @ApiProperty({ type: MoneyView })
  arr!: MoneyView;

  @ApiProperty({ type: MoneyView })
  new!: MoneyView;

  @ApiProperty({ type: MoneyView })
  expansion!: MoneyView;

  @ApiProperty({ type: MoneyView, description: 'Negative: MRR lost by accounts that stayed above 0' })
  contraction!: MoneyView;

  @ApiProperty({ type: MoneyView, description: 'Negative: MRR lost by accounts that fell to 0' })
  churn!: MoneyView;

  @ApiProperty({ type: MoneyView })
  reactivation!: MoneyView;
}

export class MrrReportDto extends PageOf(MrrDayDto) {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty({ example: 'GBP', description: 'MRR is in the GBP price book, list prices, tax excluded' })
  currency!: string;
}

export class TaxRowDto {
  @ApiProperty({ example: 'GB' })
  region!: string;

  @ApiProperty({ example: 'GBP' })
  currency!: string;

  @ApiProperty({ type: MoneyView, description: 'Subtotals of invoices minus those of credit notes' })
  taxableAmount!: MoneyView;

  @ApiProperty({ type: MoneyView })
  tax!: MoneyView;

  @ApiProperty({ type: 'integer' })
  invoices!: number;

  @ApiProperty({ type: 'integer' })
  creditNotes!: number;

  @ApiProperty({ type: [String], description: 'The rates written on the documents counted' })
  taxRates!: readonly string[];
}

export class TaxReportDto extends PageOf(TaxRowDto) {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty({ enum: ['accrual'], description: 'By issue date' })
  basis!: 'accrual';
}

export class TrialBalanceLineDto {
  @ApiProperty({ example: 'Receivable', description: 'Receivable, Revenue, TaxPayable, CustomerCredit, Cash:{gateway}, Disputed' })
  account!: string;

  @ApiProperty({ type: MoneyView })
  debit!: MoneyView;

  @ApiProperty({ type: MoneyView })
  credit!: MoneyView;

  @ApiProperty({ type: MoneyView, description: 'debit − credit: positive for assets, negative for liabilities and revenue' })
  balance!: MoneyView;
}

export class TrialBalanceDto extends PageOf(TrialBalanceLineDto) {
  @ApiProperty({ example: 'GBP' })
  currency!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null: every entry so far' })
  asOf!: string | null;

  @ApiProperty({ type: MoneyView })
  totalDebit!: MoneyView;

  @ApiProperty({ type: MoneyView })
  totalCredit!: MoneyView;

  @ApiProperty({ type: MoneyView, description: 'Always 0 for a sound journal' })
  balance!: MoneyView;
}
