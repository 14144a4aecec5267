import { ApiProperty } from '@nestjs/swagger';
import { LINE_KINDS, type DocumentKind, type DocumentReason, type LineKind } from '../../../libs/domain/billing-account/billing-account.events';
import type { InvoiceStatus } from '../../../projections/invoices/invoices.evolve';
import { PeriodDto } from '../accounts/account-view.dto';
import { InvoiceBalanceView, MoneyView } from '../common/money.dto';

/** An invoice or credit note as GET /v1/invoices/{invoiceId} answers it (projections/invoices/invoices.query.ts). */
export class InvoiceLineDto {
  @ApiProperty({ enum: LINE_KINDS, description: 'discount: the one line a coupon adds, on the sum of the others; branches_credit and hibernation_credit: unused days a reactivation credits' })
  kind!: LineKind;

  @ApiProperty({ example: 'Pro, 1 Mar – 31 Mar' })
  description!: string;

  @ApiProperty({ type: 'integer' })
  quantity!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Pence of the GBP price book; null on refund and discount lines' })
  unitAmountGbp!: number | null;

  @ApiProperty({ type: 'integer' })
  days!: number;

  @ApiProperty({ type: 'integer' })
  periodDays!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The exact GBP value in pence, a decimal string; null on refund and discount lines' })
  exactGbp!: string | null;

  @ApiProperty({ example: '-48.387096774193548387', description: 'The exact value in minor units of the invoice currency, a decimal string' })
  exact!: string;

  @ApiProperty({ type: MoneyView, description: 'exact rounded half-even: the amount billed' })
  amount!: MoneyView;
}

export class RefundOfDto {
  @ApiProperty()
  paymentId!: string;

  @ApiProperty()
  invoiceId!: string;
}

export class InvoiceDto extends InvoiceBalanceView {
  @ApiProperty({ description: 'The invoice id: the same name it has in events, payments, account views and paths' })
  invoiceId!: string;

  @ApiProperty({ deprecated: true, description: 'The same id as invoiceId, under the name api.md first gave it; use invoiceId' })
  id!: string;

  @ApiProperty({ example: 'INV-000003', description: 'INV-… for invoices, CN-… for credit notes, gap-free in issue order' })
  number!: string;

  @ApiProperty({ enum: ['invoice', 'credit_note'] })
  kind!: DocumentKind;

  @ApiProperty({ enum: ['subscription', 'renewal', 'upgrade', 'resume', 'final', 'reactivation', 'refund'] })
  reason!: DocumentReason;

  @ApiProperty()
  accountId!: string;

  @ApiProperty({ enum: ['open', 'paid', 'void'] })
  status!: InvoiceStatus;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt!: string | null;

  @ApiProperty({ type: PeriodDto, nullable: true, description: 'The service period, for period charges' })
  period!: PeriodDto | null;

  @ApiProperty({ example: 'GBP' })
  currency!: string;

  @ApiProperty({ type: [InvoiceLineDto] })
  lines!: readonly InvoiceLineDto[];

  @ApiProperty({ type: MoneyView })
  subtotal!: MoneyView;

  @ApiProperty({ type: MoneyView })
  tax!: MoneyView;

  @ApiProperty({ example: '0.20' })
  taxRate!: string;

  @ApiProperty({ example: 'GB' })
  taxRegion!: string;

  @ApiProperty({ example: '1', description: 'Units of the currency per £1 used for every line' })
  exchangeRate!: string;

  @ApiProperty({ type: MoneyView })
  total!: MoneyView;

  @ApiProperty({ type: MoneyView })
  creditApplied!: MoneyView;

  @ApiProperty({ type: RefundOfDto, nullable: true, description: 'On a credit note that records a refund: the payment and invoice it refunds' })
  refundOf!: RefundOfDto | null;
}
