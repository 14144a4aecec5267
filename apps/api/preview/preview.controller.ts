import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccountPreviews, type PreviewResult } from '../../../libs/application/preview/account-preview';
import type { PreviewDocument } from '../../../libs/application/preview/preview-views';
import { Roles } from '../../../libs/infra/auth/auth';
import { WritesNothing } from '../../../libs/infra/http/idempotency.interceptor';
import { Problem } from '../../../libs/infra/http/problem';
import { AccountIdParam } from '../accounts/account-id.param';
import { AfterQueryDto } from '../accounts/account.dto';
import { InvoiceDocumentDto } from '../finance/invoice-document.dto';
import { PREVIEW_BODY_MODELS, PREVIEW_BODY_SCHEMA, previewInputOf, PreviewResponseDto } from './preview.dto';

/**
 * What a command would cost before it is sent, and the next renewal as it stands (api.md,
 * Preview). Both decide on the account's stream itself, never on a read model, so every position
 * already written is in what they answer and `?after=` has nothing to wait for.
 */
@ApiTags('preview')
@ApiBearerAuth()
@ApiParam({ name: 'id', type: String, description: 'The account id' })
@ApiResponse({ status: 401, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 403, description: 'FORBIDDEN: another vendor’s account, or a role other than vendor and finance' })
@ApiResponse({ status: 404, description: 'ACCOUNT_NOT_FOUND' })
@Controller('v1/accounts/:id')
export class PreviewController {
  constructor(@Inject(AccountPreviews) private readonly previews: AccountPreviews) {}

  @Post('preview')
  @HttpCode(200)
  @Roles('vendor', 'finance')
  @WritesNothing()
  @ApiOperation({ summary: 'The documents, pending lines and account a command would produce now, writing nothing (an Idempotency-Key is ignored)' })
  @ApiExtraModels(...PREVIEW_BODY_MODELS)
  @ApiBody({ schema: PREVIEW_BODY_SCHEMA })
  @ApiOkResponse({ type: PreviewResponseDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: exactly as the command endpoint would refuse the body; an unknown action names the field `action`' })
  @ApiResponse({ status: 422, description: 'The business rule the command would refuse with, same code (ALREADY_SUBSCRIBED, TIER_UNCHANGED, PRODUCT_LIMIT_EXCEEDED, …)' })
  async preview(@Param() { id }: AccountIdParam, @Body() body: unknown): Promise<PreviewResult> {
    return this.previews.preview(id, await previewInputOf(body));
  }

  @Get('upcoming-invoice')
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: 'The renewal invoice the next period start would issue if nothing changed before then, with id and number null' })
  @ApiOkResponse({ type: InvoiceDocumentDto })
  @ApiResponse({ status: 404, description: 'NO_UPCOMING_INVOICE when no renewal is due (cancelling, suspended, not subscribed); ACCOUNT_NOT_FOUND' })
  async upcoming(@Param() { id }: AccountIdParam, @Query() _query: AfterQueryDto): Promise<PreviewDocument> {
    const upcoming = await this.previews.upcomingInvoice(id);
    if ('none' in upcoming) throw new Problem(404, 'NO_UPCOMING_INVOICE', `account ${id} ${upcoming.none}, so no renewal invoice is coming`);
    return upcoming.document;
  }
}
