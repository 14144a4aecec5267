import { ApiProperty } from '@nestjs/swagger';

/**
 * The response shape of one invoice or credit note (projections/invoices/invoices.query.ts,
 * InvoiceView), for the OpenAPI document. A preview shows documents in this shape too, with `id`
 * and `number` null: they are not issued, and numbers are handed out only on issue.
 */
export const DOCUMENT_KINDS = ['invoice', 'credit_note'] as const;
export const DOCUMENT_REASONS = ['subscription', 'renewal', 'upgrade', 'resume', 'final', 'reactivation', 'refund'] as const;
export const LINE_KINDS = ['tier', 'branches', 'hibernation', 'tier_credit', 'tier_charge', 'resume', 'refund'] as const;

export class AmountDto {
  @ApiProperty({ example: 145, description: 'Integer minor units of the currency (pence, cents; yen have none)' })
  amount!: number;

  @ApiProperty({ example: 'GBP' })
  currency!: string;
}

export class DatePeriodDto {
  @ApiProperty({ example: '2026-03-01', description: 'First day, included (UTC)' })
  start!: string;

  @ApiProperty({ example: '2026-04-01', description: 'Day after the last, excluded (UTC)' })
  end!: string;
}

export class InvoiceLineDto {
  @ApiProperty({ enum: LINE_KINDS })
  kind!: string;

  @ApiProperty({ example: 'Pro tier' })
  description!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 300, description: 'GBP pence per unit and full period; null on refund lines' })
  unitAmountGbp!: number | null;

  @ApiProperty({ example: 31 })
  days!: number;

  @ApiProperty({ example: 31 })
  periodDays!: number;

  @ApiProperty({ type: 'string', nullable: true, example: '300', description: 'Exact GBP value in pence, a decimal string' })
  exactGbp!: string | null;

  @ApiProperty({ example: '300', description: 'Exact value in minor units of the invoice currency, a decimal string' })
  exact!: string;

  @ApiProperty({ type: () => AmountDto, description: '`exact` rounded half-even: the amount billed' })
  amount!: AmountDto;
}

export class RefundOfDto {
  @ApiProperty()
  paymentId!: string;

  @ApiProperty()
  invoiceId!: string;
}

export class InvoiceDocumentDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'Null in a preview' })
  id!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'INV-000001', description: 'Null in a preview: numbers are drawn on issue' })
  number!: string | null;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind!: string;

  @ApiProperty({ enum: DOCUMENT_REASONS })
  reason!: string;

  @ApiProperty()
  accountId!: string;

  @ApiProperty({ enum: ['open', 'paid', 'void'] })
  status!: string;

  @ApiProperty({ example: '2026-03-01T00:00:00.000Z' })
  issuedAt!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Null on credit notes' })
  dueAt!: string | null;

  @ApiProperty({ type: () => DatePeriodDto, nullable: true, description: 'The service period a renewal or subscription bills; null otherwise' })
  period!: DatePeriodDto | null;

  @ApiProperty({ example: 'GBP' })
  currency!: string;

  @ApiProperty({ type: () => [InvoiceLineDto] })
  lines!: InvoiceLineDto[];

  @ApiProperty({ type: () => AmountDto })
  subtotal!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  tax!: AmountDto;

  @ApiProperty({ example: '0.20' })
  taxRate!: string;

  @ApiProperty({ example: 'GB' })
  taxRegion!: string;

  @ApiProperty({ example: '1', description: 'Units of the invoice currency per £1' })
  exchangeRate!: string;

  @ApiProperty({ type: () => AmountDto })
  total!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  creditApplied!: AmountDto;

  @ApiProperty({ type: () => AmountDto, description: 'total − credit applied, fixed at issue' })
  amountDue!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  amountPaid!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  amountRemaining!: AmountDto;

  @ApiProperty({ type: () => RefundOfDto, nullable: true, description: "A refund's credit note: the payment and invoice it credits" })
  refundOf!: RefundOfDto | null;
}
