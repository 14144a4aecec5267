import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { loadInvoiceDocument, renderInvoiceDocument, sellerOf } from '../../../libs/application/documents/invoice-document';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { AppConfig } from '../../../libs/infra/config/config';
import { notFound } from '../../../libs/infra/http/problem';
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { CONFIG, EVENT_STORE, POOL } from '../../../libs/infra/runtime-tokens';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { AfterQueryDto } from '../accounts/account.dto';
import { InvoiceIdParam } from '../finance/finance.dto';

/**
 * Invoices and credit notes as PDF documents (api.md, Documents), rendered in this process from
 * the invoices read model: no browser, no other service that could be down.
 */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('v1/invoices')
export class DocumentsController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':invoiceId/pdf')
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: 'The invoice or credit note as a PDF: seller, buyer, dates, lines, tax, totals, payments; the same bytes every time' })
  @ApiParam({ name: 'invoiceId', type: String, description: 'The id of an invoice or credit note' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The document',
    schema: { type: 'string', format: 'binary' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="<number>.pdf"', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: not an invoice id' })
  @ApiResponse({ status: 401, description: 'UNAUTHENTICATED' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: a role other than vendor and finance' })
  @ApiResponse({ status: 404, description: 'INVOICE_NOT_FOUND, also for another vendor’s invoice' })
  async pdf(@Param() { invoiceId }: InvoiceIdParam, @Query() { after }: AfterQueryDto, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    if (after && !(await waitForPosition(this.pool, ['invoices'], after))) void reply.header('x-read-model-behind', 'true');
    const document = await loadInvoiceDocument(this.pool, this.store, invoiceId);
    // Another account's document is answered as missing, so that ids cannot be probed.
    if (!document || (who.role === 'vendor' && document.invoice.accountId !== who.accountId)) throw notFound('invoice', invoiceId);
    const pdf = await renderInvoiceDocument(document, sellerOf(this.config.seller));
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${document.invoice.number}.pdf"`);
    return pdf;
  }
}
