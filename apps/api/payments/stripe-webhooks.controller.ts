import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { verifyStripeWebhook, StripeWebhookRejected } from '../../../libs/payments/stripe/stripe-webhook';
import { Public, Roles } from '../../../libs/infra/auth/auth';
import type { AppConfig } from '../../../libs/infra/config/config';
import { Problem } from '../../../libs/infra/http/problem';
import { stripeWebhooksRejectedTotal } from '../../../libs/application/payments/payments.metrics';
import { StripeWebhookProcessor } from '../../../libs/application/payments/stripe-webhook.processor';
import { openUnmatched } from '../../../libs/application/payments/unmatched-webhooks.store';
import { CONFIG, POOL } from '../../../libs/infra/runtime-tokens';

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
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOperation({ summary: "Stripe's events, authenticated by their signature over the raw body; a redelivery changes nothing" })
  async receive(@Req() req: RawBodyRequest<FastifyRequest>) {
    const secret = this.config.stripeWebhookSecret;
    if (!secret) throw new Problem(503, 'STRIPE_NOT_CONFIGURED', 'STRIPE_WEBHOOK_SECRET is not set');
    let event;
    try {
      // Freshness of a signature is wall-clock time, whatever the billing clock says.
      event = verifyStripeWebhook(req.rawBody ?? '', req.headers['stripe-signature'], secret);
    } catch (error) {
      if (!(error instanceof StripeWebhookRejected)) throw error;
      stripeWebhooksRejectedTotal.inc({ reason: error.reason });
      throw new Problem(400, 'WEBHOOK_SIGNATURE_INVALID', `the Stripe-Signature does not verify: ${error.reason}`);
    }
    const result = await this.processor.receive(event);
    return { received: true, stripeEventId: event.id, ...result };
  }

  @Get('admin/stripe/unmatched')
  @Roles('finance', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Stripe events that match no invoice or payment yet; retried when their counterpart appears' })
  async unmatched() {
    return { items: await openUnmatched(this.pool) };
  }
}
