import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_STATUSES, type AccountStatus } from '../../../libs/domain/billing-account/billing-account.state';
import type { PendingItemKind } from '../../../libs/domain/billing-account/billing-account.events';
import { InvoiceBalanceView, MoneyView } from '../common/money.dto';
import { AccountPricesDto, DiscountDto } from './account-terms.dto';
import { TIER_NAMES } from './account.dto';

/**
 * The document's picture of an account as GET /v1/accounts/{id} answers it (the domain's
 * `AccountView`, libs/domain/billing-account/account-view.ts). The controllers declare these as
 * their return types, so the compiler checks the view against them; the end-to-end tests check
 * every answer against the document.
 */
export class PeriodDto {
  @ApiProperty({ format: 'date', example: '2026-03-01', description: 'First day, included' })
  start!: string;

  @ApiProperty({ format: 'date', example: '2026-04-01', description: 'Day after the last, excluded' })
  end!: string;
}

export class GraceDto {
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When the automatic upgrade happens if the count is still over the limit' })
  endsAt!: string;
}

export class PendingItemDto {
  @ApiProperty()
  itemId!: string;

  @ApiProperty({ enum: ['tier_credit', 'tier_charge', 'branches', 'resume'] })
  kind!: PendingItemKind;

  @ApiProperty({ example: 'Unused time on Starter' })
  description!: string;

  @ApiProperty({ format: 'date' })
  effectiveDate!: string;

  @ApiProperty({ type: 'integer' })
  quantity!: number;

  @ApiProperty({ type: 'integer', description: 'Pence of the GBP price book' })
  unitAmountGbp!: number;

  @ApiProperty({ type: 'integer' })
  days!: number;

  @ApiProperty({ type: 'integer' })
  periodDays!: number;

  @ApiProperty({ example: '-48.387096774193548387', description: 'The exact GBP value in pence, a decimal string' })
  exactGbp!: string;
}

export class OpenInvoiceDto extends InvoiceBalanceView {
  @ApiProperty({ description: 'The invoice id, as in GET /v1/invoices/{invoiceId}' })
  invoiceId!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt!: string | null;

  @ApiProperty({ type: MoneyView })
  total!: MoneyView;

  @ApiProperty({ description: 'A collection attempt failed' })
  overdue!: boolean;
}

export class ScheduledDto {
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When a requested hibernation takes effect' })
  hibernationAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When a requested cancellation takes effect' })
  cancellationAt!: string | null;
}

export class PaymentMethodViewDto {
  @ApiProperty({ example: 'sandbox' })
  gateway!: string;
}

export class DunningDto {
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: 'integer', description: 'Retries or reminders reached so far' })
  stepsReached!: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The next retry or reminder; null after the last (suspension follows)' })
  nextStepAt!: string | null;
}

export class AccountDto {
  @ApiProperty({ example: 'acme-bakery' })
  accountId!: string;

  @ApiProperty({ example: 'Acme Bakery' })
  businessName!: string;

  @ApiProperty({ example: 'owner@acme.example' })
  email!: string;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({ enum: ACCOUNT_STATUSES })
  status!: AccountStatus;

  @ApiProperty({ enum: TIER_NAMES, nullable: true, description: 'Null while not subscribed or cancelled' })
  tier!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  branches!: number | null;

  @ApiProperty({ type: 'integer' })
  productCount!: number;

  @ApiProperty({ type: GraceDto, nullable: true, description: "Running while the product count is over the tier's limit" })
  grace!: GraceDto | null;

  @ApiProperty({ description: 'Whether its listings show in the directory' })
  visible!: boolean;

  @ApiProperty({ type: MoneyView, description: 'Account credit, taken off the next invoices' })
  credit!: MoneyView;

  @ApiProperty({ example: 'GBP' })
  currency!: string;

  @ApiProperty({ example: 'GB' })
  taxRegion!: string;

  @ApiProperty({ type: PeriodDto, nullable: true, description: 'The current billing period' })
  period!: PeriodDto | null;

  @ApiProperty({ type: [PendingItemDto], description: 'Prorated amounts waiting for the next invoice' })
  pendingItems!: readonly PendingItemDto[];

  @ApiProperty({ type: [OpenInvoiceDto] })
  openInvoices!: readonly OpenInvoiceDto[];

  @ApiProperty({ type: ScheduledDto })
  scheduled!: ScheduledDto;

  @ApiProperty({ type: PaymentMethodViewDto, nullable: true })
  paymentMethod!: PaymentMethodViewDto | null;

  @ApiProperty({ type: DunningDto, nullable: true })
  dunning!: DunningDto | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the next piece of due work (renewal, expiry, retry) falls' })
  nextDueAt!: string | null;

  @ApiProperty({ type: DiscountDto, nullable: true, description: "The coupon redeemed on the account, applied to each document it issues while active; null when it has none" })
  discount!: DiscountDto | null;

  @ApiProperty({ type: AccountPricesDto, description: "The account's price book (its own prices over the catalog's) and any change waiting for a period start" })
  prices!: AccountPricesDto;
}

export class AccountCommandResultDto {
  @ApiProperty({ type: AccountDto, description: 'The account as the command left it' })
  account!: AccountDto;

  @ApiProperty({ example: '0000000000000a1f-0000000000000042', description: 'Send as ?after= to read your own write' })
  position!: string;
}
