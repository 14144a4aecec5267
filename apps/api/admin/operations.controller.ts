import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem-responses';
import { Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { AppConfig } from '../../../libs/infra/config/config';
import { Problem } from '../../../libs/infra/http/problem';
import { followerStatuses, BEHIND_COUNT_MAX } from '../../../libs/infra/projections/projection-status';
import { CONFIG, EVENT_STORE, LOGGER, POOL } from '../../../libs/infra/runtime-tokens';
import { VerifyRuns } from '../../../libs/application/verify/verify-runs';
import { ALL_PROJECTIONS } from '../../../projections/all-projections';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';

export class FollowerDto {
  @ApiProperty({ example: 'invoices' })
  name!: string;

  @ApiProperty({ enum: ['read model', 'process'], description: 'A read model can be rebuilt from the events (admin); a process (the payment collector) follows the feed to act on it' })
  kind!: 'read model' | 'process';

  @ApiProperty({ example: 'running', description: 'running, failed (stopped on an event it cannot apply), or what the process reports' })
  status!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Its checkpoint: the last position it applied' })
  position!: string | null;

  @ApiProperty({ type: 'integer', description: `Events it has yet to apply, counted up to ${BEHIND_COUNT_MAX} (then at least that many)` })
  eventsBehind!: number;

  @ApiProperty({ description: 'When its checkpoint last moved' })
  updatedAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why it stopped, when it did' })
  error!: string | null;
}

export class FollowersDto {
  @ApiProperty({ type: String, nullable: true, description: 'The newest position in the feed' })
  head!: string | null;

  @ApiProperty({ type: [FollowerDto] })
  items!: FollowerDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: every follower fits one page' })
  nextCursor!: null;
}

export class FindingDto {
  @ApiProperty({ example: 'hash-chain' })
  check!: string;

  @ApiProperty({ example: 'first broken link at account-acme@3: the event was altered' })
  detail!: string;
}

export class VerifyRunDto {
  @ApiProperty()
  runId!: string;

  @ApiProperty({ description: 'Who started it (the token subject)' })
  requestedBy!: string;

  @ApiProperty()
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ enum: ['running', 'passed', 'failed', 'error', 'interrupted'], enumName: 'VerifyRunStatus', description: 'failed: it ran and found something; error: it could not finish' })
  status!: string;

  @ApiProperty({ type: String, nullable: true, example: 'hash chains', description: 'What it is checking now' })
  phase!: string | null;

  @ApiProperty({ type: 'integer', description: 'Events checked so far in this phase' })
  eventsChecked!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Events in the ledger when it started (PostgreSQL engine)' })
  eventsTotal!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  events!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  streams!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  readModels!: number | null;

  @ApiProperty({ type: [FindingDto], description: 'Empty on a pass' })
  findings!: FindingDto[];

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}

export class VerifyRunPageDto {
  @ApiProperty({ type: [VerifyRunDto], description: 'The latest runs, newest first' })
  items!: VerifyRunDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the latest 20 runs' })
  nextCursor!: null;
}

class RunIdParam {
  @Matches(/^[0-9a-f-]{36}$/, { message: 'runId must be a run id this API returned' })
  runId!: string;
}

/** The operations page: followers of the feed with their lag, and verify runs with their findings. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class OperationsController {
  private readonly runs: VerifyRuns;

  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.runs = new VerifyRuns(pool, store, config.eventStore, logger);
  }

  @Get('projections')
  @Roles('finance')
  @ReadsFrom()
  @ApiOperation({ summary: 'Read models and processes that follow the feed: status, checkpoint and how far behind the head each is' })
  @ApiOkResponse({ type: FollowersDto })
  async projections(): Promise<FollowersDto> {
    const { head, followers } = await followerStatuses(this.pool, this.store);
    const readModels = new Set(ALL_PROJECTIONS.map((projection) => projection.name));
    return { head, items: followers.map((follower) => ({ ...follower, kind: readModels.has(follower.name) ? 'read model' : 'process' })), nextCursor: null };
  }

  @Post('verify-runs')
  @HttpCode(202)
  @Roles('finance')
  @ApiOperation({ summary: 'Start a verify run (hash chains, read models against a rebuild, ledger invariants); answers the run under way if there is one' })
  @ApiAcceptedResponse({ type: VerifyRunDto })
  startVerify(@CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<VerifyRunDto> {
    void reply.header('location', '/v1/admin/verify-runs');
    return this.runs.start(who.sub) as Promise<VerifyRunDto>;
  }

  @Get('verify-runs')
  @Roles('finance')
  @ReadsFrom()
  @ApiOperation({ summary: 'The latest verify runs, newest first' })
  @ApiOkResponse({ type: VerifyRunPageDto })
  async verifyRuns(): Promise<VerifyRunPageDto> {
    return { items: (await this.runs.recent(20)) as VerifyRunDto[], nextCursor: null };
  }

  @Get('verify-runs/:runId')
  @Roles('finance')
  @ReadsFrom()
  @ApiOperation({ summary: 'One verify run: its progress, then its findings' })
  @ApiParam({ name: 'runId', description: 'As POST /v1/admin/verify-runs answered' })
  @ApiOkResponse({ type: VerifyRunDto })
  @ApiProblems({ 404: ['VERIFY_RUN_NOT_FOUND'] })
  async verifyRun(@Param() { runId }: RunIdParam): Promise<VerifyRunDto> {
    const run = await this.runs.find(runId);
    if (!run) throw new Problem(404, 'VERIFY_RUN_NOT_FOUND', `there is no verify run ${runId}; start one with POST /v1/admin/verify-runs`);
    return run as VerifyRunDto;
  }
}
