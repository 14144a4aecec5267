import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { accountView } from '../../../libs/domain/billing-account/account-view';
import { accountStreamId, billingAccountDecider } from '../../../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../../libs/domain/billing-account/billing-account.events';
import { fold } from '../../../libs/domain/decider';
import type { EventStore, StoredEvent } from '../../../libs/event-store/event-store.port';
import { Roles } from '../../../libs/infra/auth/auth';
import { decodeCursor, PAGE_SIZE_DEFAULT, pageOfRows, type Page } from '../../../libs/infra/http/pagination';
import { notFound, Problem } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { VALIDATION_DETAIL } from '../../../libs/infra/http/validation.pipe';
import { rebuildAndSwap } from '../../../libs/infra/projections/projection-rebuild';
import { EVENT_STORE, POOL } from '../../../libs/infra/runtime-tokens';
import { ALL_PROJECTIONS } from '../../../projections/all-projections';
import { AccountIdParam } from '../accounts/account-id.param';
import { parseAsOf, recordedAsOf } from '../../../libs/application/audit/as-of';
import { PageOf } from '../common/page';
import { ApiProblems } from '../common/problem-responses';
import { AccountStateDto, AsOfQueryDto, EventDto, EventListQueryDto, ProjectionNameParam, RebuildResultDto } from './audit.dto';

const EVENTS_LIST = 'events';
const EVENTS_NEWEST = 'events-newest';

function eventItem({ id, type, revision, position, data, metadata }: StoredEvent): EventDto {
  return { id, type, revision, position, occurredAt: metadata.occurredAt, data, metadata };
}

/**
 * The audit side: an account's events as recorded, its state as of any instant folded from those
 * events alone (never from a read model), and blue/green rebuilds of a read model. The first two
 * read the event store itself, which holds every position a command has answered with, so
 * `?after=` has nothing to wait for (`@ReadsFrom()`).
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
  @ReadsFrom()
  @ApiOperation({ summary: "The account's events with metadata, oldest first (or newest first with ?order=newest), paginated; ?asOf= keeps those recorded by then" })
  @ApiOkResponse({ type: PageOf(EventDto) })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'] })
  async events(@Param() { id }: AccountIdParam, @Query() query: EventListQueryDto): Promise<Page<EventDto>> {
    if (query.order === 'newest') return this.newestEvents(id, query);
    const limit = query.limit ?? PAGE_SIZE_DEFAULT;
    const from = query.cursor === undefined ? 0 : Number(decodeCursor(query.cursor, EVENTS_LIST, (key) => key.length === 1 && /^\d{1,15}$/.test(key[0]))[0]);
    const instant = instantOf(query.asOf);
    const found: StoredEvent[] = [];
    // What the ledger had recorded by asOf is a prefix of the stream (libs/application/audit/as-of.ts):
    // the first event stamped later ends the list, on this page and every later one.
    for (let next = from; found.length <= limit; ) {
      const chunk = await this.store.readStream(accountStreamId(id), { fromRevision: next, maxCount: limit + 1 });
      if (chunk.length === 0 && next === 0) throw notFound('account', id);
      const recorded = recordedAsOf(chunk, instant);
      found.push(...recorded);
      if (recorded.length < chunk.length || chunk.length <= limit) break;
      next = chunk[chunk.length - 1].revision + 1;
    }
    return pageOfRows(found, limit, EVENTS_LIST, (event) => [String(event.revision + 1)], eventItem);
  }

  /**
   * Newest first, for a console's activity feed: the recorded prefix (asOf) read back from its end.
   * An account's stream is hundreds of events, not millions, so it is read whole; the cursor is the
   * revision below which the next page starts.
   */
  private async newestEvents(id: string, query: EventListQueryDto): Promise<Page<EventDto>> {
    const limit = query.limit ?? PAGE_SIZE_DEFAULT;
    const below = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(decodeCursor(query.cursor, EVENTS_NEWEST, (key) => key.length === 1 && /^\d{1,15}$/.test(key[0]))[0]);
    const all = await this.store.readStream(accountStreamId(id));
    if (all.length === 0) throw notFound('account', id);
    const recorded = recordedAsOf(all, instantOf(query.asOf)).filter((event) => event.revision < below).reverse();
    return pageOfRows(recorded.slice(0, limit + 1), limit, EVENTS_NEWEST, (event) => [String(event.revision)], eventItem);
  }

  @Get('accounts/:id/state')
  @Roles('finance')
  @ReadsFrom()
  @ApiOperation({ summary: 'The account as it stood at an instant, folded from its events alone' })
  @ApiOkResponse({ type: AccountStateDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'] })
  async state(@Param() { id }: AccountIdParam, @Query() { asOf }: AsOfQueryDto): Promise<AccountStateDto> {
    const instant = instantOf(asOf);
    const all = await this.store.readStream(accountStreamId(id));
    if (all.length === 0) throw notFound('account', id);
    const events = recordedAsOf(all, instant);
    if (events.length === 0) {
      throw new Problem(404, 'ACCOUNT_NOT_FOUND', `Account ${id} did not exist yet at ${instant?.toISOString()}: it was opened at ${all[0].metadata.occurredAt}. Ask for that instant or a later one.`);
    }
    const state = fold(billingAccountDecider, events as unknown as BillingAccountEvent[]);
    return { asOf: instant?.toISOString() ?? null, revision: events[events.length - 1].revision, position: events[events.length - 1].position, account: accountView(state) };
  }

  @Post('admin/projections/:name/rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild one read model from the events beside the live one, then swap' })
  @ApiOkResponse({ type: RebuildResultDto })
  @ApiProblems({ 404: ['PROJECTION_NOT_FOUND'] })
  async rebuild(@Param() { name }: ProjectionNameParam): Promise<RebuildResultDto> {
    const projection = ALL_PROJECTIONS.find((candidate) => candidate.name === name);
    if (!projection) throw new Problem(404, 'PROJECTION_NOT_FOUND', `No read model is named ${name}. The read models are ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}.`);
    const started = Date.now();
    const events = await rebuildAndSwap(this.pool, this.store, [projection]);
    return { name, events, ms: Date.now() - started };
  }
}

/** ISO 8601 admits forms (week dates, ordinal days) that name no instant here: those are 400. */
function instantOf(asOf: string | undefined): Date | undefined {
  const instant = parseAsOf(asOf);
  if (instant === 'invalid') {
    throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, [{ field: 'asOf', message: 'asOf must be an ISO 8601 date or date-time such as 2026-06-30T23:59:59Z' }]);
  }
  return instant;
}
