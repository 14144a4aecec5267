import { ApiProperty } from '@nestjs/swagger';
import { AmountDto, DatePeriodDto } from '../finance/invoice-document.dto';

/**
 * The response shape of an account (libs/domain/billing-account/account-view.ts, AccountView), for
 * the OpenAPI document. In a preview, ids that only the previewed decision would make are null.
 */
export const ACCOUNT_STATUSES = ['not_subscribed', 'active', 'past_due', 'suspended', 'hibernating', 'cancelled'] as const;

export class PendingItemDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'Null in a preview for an item the previewed command would add' })
  itemId!: string | null;

  @ApiProperty({ enum: ['tier_credit', 'tier_charge', 'branches', 'resume'] })
  kind!: string;

  @ApiProperty({ example: 'Unused time on Starter' })
  description!: string;

  @ApiProperty({ example: '2026-03-17' })
  effectiveDate!: string;

  @ApiProperty({ example: -1 })
  quantity!: number;

  @ApiProperty({ example: 100 })
  unitAmountGbp!: number;

  @ApiProperty({ example: 15 })
  days!: number;

  @ApiProperty({ example: 31 })
  periodDays!: number;

  @ApiProperty({ example: '-48.387096774193548387', description: 'Exact GBP value in pence, a decimal string' })
  exactGbp!: string;
}

export class OpenInvoiceDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'Null in a preview for a document the previewed command would issue' })
  invoiceId!: string | null;

  @ApiProperty()
  issuedAt!: string;

  @ApiProperty({ type: 'string', nullable: true })
  dueAt!: string | null;

  @ApiProperty({ type: () => AmountDto })
  total!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  amountDue!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  amountPaid!: AmountDto;

  @ApiProperty({ type: () => AmountDto })
  amountRemaining!: AmountDto;

  @ApiProperty()
  overdue!: boolean;
}

export class GraceDto {
  @ApiProperty()
  startedAt!: string;

  @ApiProperty()
  endsAt!: string;
}

export class ScheduledDto {
  @ApiProperty({ type: 'string', nullable: true })
  hibernationAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  cancellationAt!: string | null;
}

export class PaymentMethodViewDto {
  @ApiProperty({ enum: ['sandbox', 'stripe'] })
  gateway!: string;
}

export class DunningViewDto {
  @ApiProperty()
  startedAt!: string;

  @ApiProperty()
  stepsReached!: number;

  @ApiProperty({ type: 'string', nullable: true })
  nextStepAt!: string | null;
}

export class AccountViewDto {
  @ApiProperty()
  accountId!: string;

  @ApiProperty()
  businessName!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  openedAt!: string;

  @ApiProperty({ enum: ACCOUNT_STATUSES })
  status!: string;

  @ApiProperty({ type: 'string', nullable: true })
  tier!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  branches!: number | null;

  @ApiProperty()
  productCount!: number;

  @ApiProperty({ type: () => GraceDto, nullable: true })
  grace!: GraceDto | null;

  @ApiProperty()
  visible!: boolean;

  @ApiProperty({ type: () => AmountDto })
  credit!: AmountDto;

  @ApiProperty()
  currency!: string;

  @ApiProperty()
  taxRegion!: string;

  @ApiProperty({ type: () => DatePeriodDto, nullable: true })
  period!: DatePeriodDto | null;

  @ApiProperty({ type: () => [PendingItemDto] })
  pendingItems!: PendingItemDto[];

  @ApiProperty({ type: () => [OpenInvoiceDto] })
  openInvoices!: OpenInvoiceDto[];

  @ApiProperty({ type: () => ScheduledDto })
  scheduled!: ScheduledDto;

  @ApiProperty({ type: () => PaymentMethodViewDto, nullable: true })
  paymentMethod!: PaymentMethodViewDto | null;

  @ApiProperty({ type: () => DunningViewDto, nullable: true })
  dunning!: DunningViewDto | null;

  @ApiProperty({ type: 'string', nullable: true })
  nextDueAt!: string | null;
}
