import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import type { PaymentActivityKind, PaymentActivityStatus } from '../../../projections/account-payments/account-payments.evolve';
import { AccountDto } from '../accounts/account-view.dto';
import { CURRENCY_ACCEPTED, CURRENCY_PATTERN, IntegerField, PatternField, TextField } from '../common/fields';
import { InvoiceBalanceView, MoneyView } from '../common/money.dto';
import { PageQueryDto } from '../common/page';

/** Request bodies, queries and answers of the payment endpoints. Money is integer minor units and an ISO 4217 code. */
export class MoneyDto {
  @IntegerField(1, 1_000_000_000_000, { example: 120, description: 'Minor units (pence, cents)' })
  amount!: number;

  @PatternField(CURRENCY_PATTERN, CURRENCY_ACCEPTED, { example: 'GBP' })
  currency!: string;
}

/** A nested Money field: one message when it is missing or not an object, the field's own messages inside. */
function MoneyField(description: string): PropertyDecorator {
  const message = (property: string) => `${property} must be an object { amount, currency } such as { "amount": 120, "currency": "GBP" }`;
  return (target, key) => {
    ApiProperty({ type: MoneyDto, description })(target, key);
    IsDefined({ message: (args) => message(args.property) })(target, key);
    IsObject({ message: (args) => message(args.property) })(target, key);
    ValidateNested()(target, key);
    Type(() => MoneyDto)(target, key);
  };
}

export class RecordPaymentDto {
  @TextField(1, 64, { description: 'The invoice the payment settles' })
  invoiceId!: string;

  @MoneyField('More than what is left to pay becomes account credit')
  amount!: MoneyDto;

  @TextField(1, 200, { example: 'bank-transfer-2026-03-14-001', description: 'Your reference; the same one again records nothing new' })
  reference!: string;
}

export class RefundDto {
  @MoneyField('At most what is left of the payment (REFUND_EXCEEDS_PAYMENT)')
  amount!: MoneyDto;

  @TextField(1, 500, { example: 'requested_by_customer' })
  reason!: string;
}

export class PaymentIdParam {
  @PatternField(/^[A-Za-z0-9_-]{1,64}$/, '1 to 64 letters, digits, - or _', { description: 'The payment id' })
  paymentId!: string;
}

export class PaymentListQueryDto extends PageQueryDto {
  @TextField(1, 100, { required: false, description: 'Only the payments, refunds and disputes of this invoice' })
  invoiceId?: string;
}

export class PaymentActivityDto {
  @ApiProperty({ enum: ['payment', 'refund', 'dispute'] })
  kind!: PaymentActivityKind;

  @ApiProperty({ description: 'The payment this row is, or the one it refunds or disputes' })
  paymentId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Refunds: the refund id' })
  refundId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Disputes: the dispute id' })
  disputeId!: string | null;

  @ApiProperty()
  invoiceId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Refunds: the credit note that records it' })
  creditNoteId!: string | null;

  @ApiProperty({ type: MoneyView })
  amount!: MoneyView;

  @ApiProperty({ example: 'sandbox', description: 'sandbox, stripe, or manual for what finance records by hand' })
  gateway!: string;

  @ApiProperty({ enum: ['succeeded', 'open', 'won', 'lost'], description: 'Payments and refunds succeeded; a dispute is open, then won or lost' })
  status!: PaymentActivityStatus;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Disputes: when it was won or lost' })
  closedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "Payments: the gateway's or finance's reference" })
  reference!: string | null;

  @ApiProperty({ type: MoneyView, nullable: true, description: 'Payments: the part that settled the invoice' })
  appliedToInvoice!: MoneyView | null;

  @ApiProperty({ type: MoneyView, nullable: true, description: 'Payments: the rest, which became account credit' })
  toCredit!: MoneyView | null;

  @ApiProperty({ type: MoneyView, nullable: true, description: 'Payments: refunded so far, lost disputes included' })
  refunded!: MoneyView | null;

  @ApiProperty({ type: String, nullable: true, description: 'Refunds: why' })
  reason!: string | null;

  @ApiProperty({ enum: ['refund', 'dispute_lost'], nullable: true, description: 'Refunds: finance refunded, or a lost dispute took the money' })
  source!: 'refund' | 'dispute_lost' | null;
}

export class RefundViewDto extends PaymentActivityDto {
  @ApiProperty({ type: String, nullable: true, description: "The gateway's id of the payout; null for payments recorded by hand" })
  gatewayReference!: string | null;
}

export class RefundResultDto {
  @ApiProperty({ type: RefundViewDto })
  refund!: RefundViewDto;

  @ApiProperty({ type: AccountDto })
  account!: AccountDto;

  @ApiProperty({ description: 'Send as ?after= to read your own write' })
  position!: string;
}

export class RecordedPaymentDto {
  @ApiProperty()
  paymentId!: string;

  @ApiProperty()
  invoiceId!: string;

  @ApiProperty({ type: MoneyView })
  amount!: MoneyView;

  @ApiProperty()
  reference!: string;

  @ApiProperty({ example: 'manual' })
  gateway!: string;

  @ApiProperty({ type: MoneyView })
  refunded!: MoneyView;
}

export class InvoiceBalanceDto extends InvoiceBalanceView {
  @ApiProperty()
  invoiceId!: string;

  @ApiProperty({ enum: ['open', 'paid', 'void'] })
  status!: string;
}

export class RecordPaymentResultDto {
  @ApiProperty({ type: RecordedPaymentDto })
  payment!: RecordedPaymentDto;

  @ApiProperty({ description: 'False when the reference was already recorded with this invoice and amount: nothing new was recorded' })
  recorded!: boolean;

  @ApiProperty({ type: InvoiceBalanceDto, description: 'The invoice the payment went to, after it' })
  invoice!: InvoiceBalanceDto;

  @ApiProperty({ type: AccountDto })
  account!: AccountDto;

  @ApiProperty({ description: 'Send as ?after= to read your own write' })
  position!: string;
}
