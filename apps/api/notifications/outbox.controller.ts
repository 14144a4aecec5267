import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { EMAIL_FOLLOWER } from '../../../libs/application/email/email-notifier';
import { listOutbox, type OutboxEntry } from '../../../libs/application/email/email-outbox';
import { Roles } from '../../../libs/infra/auth/auth';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { ReadsFromFollower } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { PageOf, PageQueryDto } from '../common/page';
import { OutboxMessageDto } from './notifications.dto';

/** The emails sent or given up on (api.md, "Email"), newest first: admins only. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/outbox')
export class OutboxController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get()
  @Roles('admin')
  @ReadsFromFollower(EMAIL_FOLLOWER)
  @ApiOperation({ summary: 'Emails sent or failed, newest first, paginated; ?after= waits until the email follower has handled that position' })
  @ApiOkResponse({ type: PageOf(OutboxMessageDto) })
  list(@Query() query: PageQueryDto): Promise<Page<OutboxEntry>> {
    return listOutbox(this.pool, query.limit ?? PAGE_SIZE_DEFAULT, query.cursor);
  }
}
