import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { Roles } from '../../../libs/infra/auth/auth';
import { Problem } from '../../../libs/infra/http/problem';
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
  async move(@Body() { now }: MoveClockDto) {
    const target = new Date(now);
    try {
      return await this.dueWork.advanceClockTo(target);
    } catch (error) {
      if (error instanceof RangeError) throw new Problem(422, 'INVALID_STATE', error.message);
      throw error;
    }
  }
}
