import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import type { Pool } from 'pg';
import { accountView } from '../../../libs/domain/billing-account/account-view';
import { accountStreamId, billingAccountDecider } from '../../../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../../libs/domain/billing-account/billing-account.events';
import { fold } from '../../../libs/domain/decider';
import type { EventStore, StoredEvent } from '../../../libs/event-store/event-store.port';
import { Roles } from '../../../libs/infra/auth/auth';
import { notFound, Problem } from '../../../libs/infra/http/problem';
import { rebuildAndSwap } from '../../../libs/infra/projections/projection-rebuild';
import { EVENT_STORE, POOL } from '../../../libs/infra/runtime-tokens';
import { ALL_PROJECTIONS } from '../../../projections/all-projections';
import { AccountIdParam } from '../accounts/account-id.param';
import { parseAsOf, recordedAsOf } from '../../../libs/application/audit/as-of';

export class AsOfQueryDto {
  @ApiProperty({ required: false, example: '2026-06-30T23:59:59Z', description: 'Only what had been recorded by this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

class ProjectionNameParam {
  @Matches(/^[a-z][a-z0-9_-]{0,40}$/, { message: 'name must be a read model name' })
  name!: string;
}

/**
 * The audit side: an account's events as recorded, its state as of any instant folded from those
 * events alone (never from a read model), and blue/green rebuilds of a read model.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POOL) private readonly pool: Pool,
  ) {}

  @Get('accounts/:id/events')
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: "The account's events with metadata, in order; ?asOf= keeps those recorded by then" })
  async events(@Param() { id }: AccountIdParam, @Query() { asOf }: AsOfQueryDto) {
    const events = await this.recorded(id, asOf);
    return { accountId: id, asOf: asOf ?? null, events: events.map(({ id: eventId, type, revision, position, data, metadata }) => ({ id: eventId, type, revision, position, occurredAt: metadata.occurredAt, data, metadata })) };
  }

  @Get('accounts/:id/state')
  @Roles('finance')
  @ApiOperation({ summary: 'The account as it stood at an instant, folded from its events alone' })
  async state(@Param() { id }: AccountIdParam, @Query() { asOf }: AsOfQueryDto) {
    const instant = instantOf(asOf);
    const all = await this.store.readStream(accountStreamId(id));
    if (all.length === 0) throw notFound('account', id);
    const events = recordedAsOf(all, instant);
    if (events.length === 0) {
      throw new Problem(404, 'ACCOUNT_NOT_FOUND', `account ${id} did not exist yet at ${instant?.toISOString()}: it was opened at ${all[0].metadata.occurredAt}; ask for that instant or a later one`);
    }
    const state = fold(billingAccountDecider, events as unknown as BillingAccountEvent[]);
    return { asOf: asOf ?? null, revision: events[events.length - 1].revision, position: events[events.length - 1].position, account: accountView(state) };
  }

  @Post('admin/projections/:name/rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild one read model from the events beside the live one, then swap' })
  async rebuild(@Param() { name }: ProjectionNameParam) {
    const projection = ALL_PROJECTIONS.find((candidate) => candidate.name === name);
    if (!projection) throw new Problem(404, 'PROJECTION_NOT_FOUND', `no read model named ${name}; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
    const started = Date.now();
    const events = await rebuildAndSwap(this.pool, this.store, [projection]);
    return { name, events, ms: Date.now() - started };
  }

  /** The stream up to `asOf` by recording instant: what the ledger knew then. */
  private async recorded(accountId: string, asOf: string | undefined): Promise<StoredEvent[]> {
    return recordedAsOf(await this.store.readStream(accountStreamId(accountId)), instantOf(asOf));
  }
}

/** ISO 8601 admits forms (week dates, ordinal days) that name no instant here: those are 400. */
function instantOf(asOf: string | undefined): Date | undefined {
  const instant = parseAsOf(asOf);
  if (instant === 'invalid') {
    throw new Problem(400, 'VALIDATION_FAILED', 'asOf must be an instant such as 2026-06-30T23:59:59Z', [{ field: 'asOf', message: 'must be an ISO 8601 date or date-time such as 2026-06-30T23:59:59Z' }]);
  }
  return instant;
}
