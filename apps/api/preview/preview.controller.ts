import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountPreviews } from '../../../libs/application/preview/account-preview';
import { rejectionSentence } from '../../../libs/domain/rejections';
import { Roles } from '../../../libs/infra/auth/auth';
import { Problem } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { AccountIdParam } from '../accounts/account-id.param';
import { ApiProblems } from '../common/problem-responses';
import { ApiWritesNothing } from '../common/writes-nothing';
import { PREVIEW_BODY_MODELS, PREVIEW_BODY_SCHEMA, previewInputOf, PreviewDocumentDto, PreviewResponseDto } from './preview.dto';

/** Every refusal a previewed command may meet, with the command's own code (accounts.controller.ts). */
const COMMAND_REFUSALS = ['ALREADY_SUBSCRIBED', 'TIER_UNCHANGED', 'PRODUCT_LIMIT_EXCEEDED', 'BRANCHES_BELOW_MINIMUM', 'NOT_SUBSCRIBED', 'ACCOUNT_SUSPENDED', 'INVALID_STATE', 'NO_EXCHANGE_RATE'];

/**
 * What a command would cost before it is sent, and the next renewal as it stands (api.md,
 * Preview). Both decide on the account's stream itself, never on a read model, so every position
 * already written is in what they answer and `?after=` has nothing to wait for.
 */
@ApiTags('preview')
@ApiBearerAuth()
@Controller('v1/accounts/:id')
export class PreviewController {
  constructor(@Inject(AccountPreviews) private readonly previews: AccountPreviews) {}

  @Post('preview')
  @HttpCode(200)
  @Roles('vendor', 'finance')
  @ApiWritesNothing()
  @ApiOperation({ summary: 'The documents, pending lines and account a command would produce now, writing nothing (an Idempotency-Key is ignored)' })
  @ApiExtraModels(...PREVIEW_BODY_MODELS)
  @ApiBody({ schema: PREVIEW_BODY_SCHEMA })
  @ApiOkResponse({ type: PreviewResponseDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'], 422: COMMAND_REFUSALS })
  async preview(@Param() { id }: AccountIdParam, @Body() body: unknown): Promise<PreviewResponseDto> {
    return this.previews.preview(id, await previewInputOf(body));
  }

  @Get('upcoming-invoice')
  @Roles('vendor', 'finance')
  @ReadsFrom()
  @ApiOperation({ summary: 'The renewal invoice the next period start would issue if nothing changed before then, with invoiceId and number null' })
  @ApiOkResponse({ type: PreviewDocumentDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND', 'NO_UPCOMING_INVOICE'] })
  async upcoming(@Param() { id }: AccountIdParam): Promise<PreviewDocumentDto> {
    const upcoming = await this.previews.upcomingInvoice(id);
    if ('none' in upcoming) throw new Problem(404, 'NO_UPCOMING_INVOICE', rejectionSentence('NO_UPCOMING_INVOICE', `account ${id} ${upcoming.none}`));
    return upcoming.document;
  }
}
