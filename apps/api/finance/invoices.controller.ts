import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import { notFound, Problem } from '../../../libs/infra/http/problem';
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { findAccount } from '../../../projections/accounts/accounts.query';
import { decodeCursor, findInvoice, listAccountInvoices } from '../../../projections/invoices/invoices.query';
import { AccountIdParam } from '../accounts/account-id.param';
import { AfterQueryDto } from '../accounts/account.dto';
import { InvoiceIdParam, InvoiceListQueryDto } from './finance.dto';

export const DEFAULT_PAGE_SIZE = 20;

/** Invoices and credit notes (api.md, REST). A vendor sees only its own account's. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('v1')
export class InvoicesController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('accounts/:id/invoices')
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: "The account's invoices and credit notes, newest first, paginated with limit and cursor" })
  async list(@Param() { id }: AccountIdParam, @Query() query: InvoiceListQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (query.cursor !== undefined && decodeCursor(query.cursor) === undefined) {
      throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: 'cursor', message: 'cursor must be a nextCursor this endpoint returned' }]);
    }
    await this.catchUp(query.after, reply, ['invoices', 'accounts']);
    const page = await listAccountInvoices(this.pool, id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
    // An empty first page may mean a mistyped id: say so rather than answer "no invoices".
    if (page.items.length === 0 && query.cursor === undefined && !(await findAccount(this.pool, id))) throw notFound('account', id);
    return page;
  }

  @Get('invoices/:invoiceId')
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: 'One invoice or credit note: lines (exact and rounded), totals, tax, rate, credit, payments' })
  async get(@Param() { invoiceId }: InvoiceIdParam, @Query() { after }: AfterQueryDto, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.catchUp(after, reply);
    const invoice = await findInvoice(this.pool, invoiceId);
    // Another account's invoice is answered as missing, so that ids cannot be probed.
    if (!invoice || (who.role === 'vendor' && invoice.accountId !== who.accountId)) throw notFound('invoice', invoiceId);
    return invoice;
  }

  private async catchUp(after: string | undefined, reply: FastifyReply, models: readonly string[] = ['invoices']): Promise<void> {
    if (after && !(await waitForPosition(this.pool, models, after))) void reply.header('x-read-model-behind', 'true');
  }
}
