import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { loadInvoiceDocument, renderInvoiceDocument, sellerOf } from '../../../libs/application/documents/invoice-document';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { AppConfig } from '../../../libs/infra/config/config';
import { notFound } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { CONFIG, EVENT_STORE, POOL } from '../../../libs/infra/runtime-tokens';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { ApiProblems } from '../common/problem-responses';
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
  // The invoice and the credited invoice's number come from the invoices read model; the buyer
  // from the account's stream, which holds every position a command answered with.
  @ReadsFrom('invoices')
  @ApiOperation({ summary: 'The invoice or credit note as a PDF: seller, buyer, dates, lines, tax, totals, payments; the same bytes every time' })
  @ApiOkResponse({
    description: 'The document, a PDF file',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: { 'Content-Disposition': { description: 'attachment; filename="<number>.pdf"', schema: { type: 'string', example: 'attachment; filename="INV-000001.pdf"' } } },
  })
  @ApiProblems({ 404: ['INVOICE_NOT_FOUND'] })
  async pdf(@Param() { invoiceId }: InvoiceIdParam, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const document = await loadInvoiceDocument(this.pool, this.store, invoiceId);
    // Another account's document is answered as missing, so that ids cannot be probed.
    if (!document || (who.role === 'vendor' && document.invoice.accountId !== who.accountId)) throw notFound('invoice', invoiceId);
    const pdf = await renderInvoiceDocument(document, sellerOf(this.config.seller));
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${document.invoice.number}.pdf"`);
    return pdf;
  }
}
