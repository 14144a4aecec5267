import { Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { verifyStripeWebhook, StripeWebhookRejected } from '../../../libs/payments/stripe/stripe-webhook';
import { Public, Roles } from '../../../libs/infra/auth/auth';
import type { AppConfig } from '../../../libs/infra/config/config';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { Problem } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { stripeWebhooksRejectedTotal } from '../../../libs/application/payments/payments.metrics';
import { StripeWebhookProcessor, type ReceiveResult } from '../../../libs/application/payments/stripe-webhook.processor';
import { pageOfUnmatched, type UnmatchedWebhook } from '../../../libs/application/payments/unmatched-webhooks.store';
import { CONFIG, POOL } from '../../../libs/infra/runtime-tokens';
import { PageOf, PageQueryDto } from '../common/page';
import { ApiProblems } from '../common/problem-responses';

export class WebhookReceivedDto {
  @ApiProperty({ enum: [true] })
  received!: true;

  @ApiProperty({ example: 'evt_1PqR…' })
  stripeEventId!: string;

  @ApiProperty({ enum: ['applied', 'already_recorded', 'unmatched', 'no_effect', 'ignored', 'duplicate'], description: 'What the ledger did with the event' })
  outcome!: ReceiveResult['outcome'];

  @ApiProperty({ required: false, description: 'Why an event was kept unmatched' })
  reason?: string;
}

export class UnmatchedWebhookDto {
  @ApiProperty()
  stripeEventId!: string;

  @ApiProperty({ example: 'charge.refunded' })
  type!: string;

  @ApiProperty({ example: 'payment_not_found', description: 'What is missing for the event to apply' })
  reason!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the event asks the ledger to record' })
  intention!: object;

  @ApiProperty({ type: 'integer', nullable: true, description: "The collector's attempt from the PaymentIntent metadata" })
  attempt!: number | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: 'integer' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  lastTriedAt!: string;
}

/**
 * Stripe's webhook endpoint, authenticated by its signature alone (api.md, "Stripe"), and
 * finance's list of the events that matched nothing yet.
 */
@ApiTags('stripe')
@Controller('v1')
export class StripeWebhooksController {
  constructor(
    @Inject(StripeWebhookProcessor) private readonly processor: StripeWebhookProcessor,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(POOL) private readonly pool: Pool,
  ) {}

  @Post('webhooks/stripe')
  @Public()
  @HttpCode(200)
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: "Stripe's signature over the raw body" })
  @ApiOperation({ summary: "Stripe's events, authenticated by their signature over the raw body; a redelivery changes nothing" })
  @ApiOkResponse({ type: WebhookReceivedDto })
  @ApiProblems({ 400: ['WEBHOOK_SIGNATURE_INVALID', 'VALIDATION_FAILED'], 503: ['STRIPE_NOT_CONFIGURED'] })
  async receive(@Req() req: RawBodyRequest<FastifyRequest>): Promise<WebhookReceivedDto> {
    const secret = this.config.stripeWebhookSecret;
    if (!secret) throw new Problem(503, 'STRIPE_NOT_CONFIGURED', 'This server takes no Stripe webhooks yet. Its operator must set STRIPE_WEBHOOK_SECRET.');
    let event;
    try {
      // Freshness of a signature is wall-clock time, whatever the billing clock says.
      event = verifyStripeWebhook(req.rawBody ?? '', req.headers['stripe-signature'], secret);
    } catch (error) {
      if (!(error instanceof StripeWebhookRejected)) throw error;
      stripeWebhooksRejectedTotal.inc({ reason: error.reason });
      throw new Problem(400, 'WEBHOOK_SIGNATURE_INVALID', `The Stripe-Signature does not verify (${error.reason}). Send the raw body Stripe signed with the signing secret this server has.`);
    }
    const result = await this.processor.receive(event);
    return { received: true, stripeEventId: event.id, ...result };
  }

  @Get('admin/stripe/unmatched')
  @Roles('finance', 'admin')
  @ApiBearerAuth()
  @ReadsFrom()
  @ApiOperation({ summary: 'Stripe events that match no invoice or payment yet, oldest first, paginated; retried when their counterpart appears' })
  @ApiOkResponse({ type: PageOf(UnmatchedWebhookDto) })
  unmatched(@Query() query: PageQueryDto): Promise<Page<UnmatchedWebhook>> {
    return pageOfUnmatched(this.pool, query.limit ?? PAGE_SIZE_DEFAULT, query.cursor);
  }
}
