import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { EMAIL_FOLLOWER } from '../../../libs/application/email/email-notifier';
import { listOutbox } from '../../../libs/application/email/email-outbox';
import { Roles } from '../../../libs/infra/auth/auth';
import { waitForFollower } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { OutboxPageDto, OutboxPageQueryDto } from './notifications.dto';

/** The emails sent or given up on (api.md, "Email"), newest first: admins only. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/outbox')
export class OutboxController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Emails sent or failed, newest first, paginated; ?after= waits until the email follower has handled that position' })
  @ApiOkResponse({ type: OutboxPageDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  async list(@Query() query: OutboxPageQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (query.after && !(await waitForFollower(this.pool, EMAIL_FOLLOWER, query.after))) void reply.header('x-read-model-behind', 'true');
    return listOutbox(this.pool, query.limit ?? 20, query.cursor);
  }
}
