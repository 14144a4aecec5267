import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { Roles } from '../../../libs/infra/auth/auth';
import { DueWorkRunner } from '../../../libs/application/due-work/due-work.runner';

export class MoveClockDto {
  @ApiProperty({ example: '2026-04-01T00:00:00Z', description: 'The new instant; the clock only moves forward' })
  @IsISO8601({ strict: true })
  now!: string;
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
  move(@Body() { now }: MoveClockDto) {
    // A move back is refused with 422 CLOCK_CANNOT_MOVE_BACK (a Rejected from the clock itself).
    return this.dueWork.advanceClockTo(new Date(now));
  }
}
