import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { notFound } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { findInvoice, listAccountInvoices, type InvoiceView } from '../../../projections/invoices/invoices.query';
import { AccountIdParam } from '../accounts/account-id.param';
import { pageOfKnownAccount } from '../accounts/known-account';
import { PageOf } from '../common/page';
import { ApiProblems } from '../common/problem-responses';
import { InvoiceIdParam, InvoiceListQueryDto } from './finance.dto';
import { InvoiceDto } from './invoice.dto';

/** Invoices and credit notes (api.md, REST). A vendor sees only its own account's. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('v1')
export class InvoicesController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('accounts/:id/invoices')
  @Roles('vendor', 'finance')
  @ReadsFrom('invoices', 'accounts')
  @ApiOperation({ summary: "The account's invoices and credit notes, newest first, paginated with limit and cursor" })
  @ApiOkResponse({ type: PageOf(InvoiceDto) })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'] })
  async list(@Param() { id }: AccountIdParam, @Query() query: InvoiceListQueryDto): Promise<Page<InvoiceView>> {
    return pageOfKnownAccount(this.pool, id, await listAccountInvoices(this.pool, id, query.limit ?? PAGE_SIZE_DEFAULT, query.cursor), query.cursor);
  }

  @Get('invoices/:invoiceId')
  @Roles('vendor', 'finance')
  @ReadsFrom('invoices')
  @ApiOperation({ summary: 'One invoice or credit note: lines (exact and rounded), totals, tax, rate, credit, payments' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiProblems({ 404: ['INVOICE_NOT_FOUND'] })
  async get(@Param() { invoiceId }: InvoiceIdParam, @CurrentPrincipal() who: Principal): Promise<InvoiceDto> {
    const invoice = await findInvoice(this.pool, invoiceId);
    // Another account's invoice is answered as missing, so that ids cannot be probed.
    if (!invoice || (who.role === 'vendor' && invoice.accountId !== who.accountId)) throw notFound('invoice', invoiceId);
    return invoice;
  }
}
