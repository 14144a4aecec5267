import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../libs/infra/auth/auth';
import { DueWorkRunner } from '../../../libs/application/due-work/due-work.runner';
import { InstantField } from '../common/fields';
import { ApiProblems } from '../common/problem-responses';

export class MoveClockDto {
  @InstantField({ example: '2026-04-01T00:00:00Z', description: 'The new instant; the clock only moves forward' })
  now!: string;
}

export class ClockMovedDto {
  @ApiProperty({ format: 'date-time', description: 'The clock now' })
  now!: string;

  @ApiProperty({ type: 'integer', description: 'Rounds of due work run on the way' })
  steps!: number;

  @ApiProperty({ type: 'integer', description: 'Accounts whose due work ran' })
  accountsAdvanced!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The ledger position the read models have caught up with; null for an empty ledger' })
  position!: string | null;
}

/**
 * Only with BILLING_CLOCK=manual (never in production): moves time forward, runs every piece of
 * work due up to it, and answers once the read models have caught up.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/clock')
export class ClockController {
  constructor(@Inject(DueWorkRunner) private readonly dueWork: DueWorkRunner) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Move the manual clock forward and run all due work' })
  @ApiOkResponse({ type: ClockMovedDto })
  @ApiProblems({ 422: ['CLOCK_CANNOT_MOVE_BACK'] })
  async move(@Body() { now }: MoveClockDto): Promise<ClockMovedDto> {
    // A move back is refused with 422 CLOCK_CANNOT_MOVE_BACK (a Rejected from the clock itself).
    const report = await this.dueWork.advanceClockTo(new Date(now));
    return { ...report, position: report.position ?? null };
  }
}
