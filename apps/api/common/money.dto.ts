import { ApiProperty } from '@nestjs/swagger';

/** Money in answers: `{ amount, currency }`, integer minor units (api.md, conventions). */
export class MoneyView {
  @ApiProperty({ type: 'integer', example: 120, description: 'Minor units (pence, cents); negative on credits' })
  amount!: number;

  @ApiProperty({ example: 'GBP', description: 'ISO 4217' })
  currency!: string;
}

/** What an invoice asks for and what has come in: every view of an invoice has these three. */
export class InvoiceBalanceView {
  @ApiProperty({ type: MoneyView, description: 'total − credit applied, fixed at issue' })
  amountDue!: MoneyView;

  @ApiProperty({ type: MoneyView })
  amountPaid!: MoneyView;

  @ApiProperty({ type: MoneyView })
  amountRemaining!: MoneyView;
}
