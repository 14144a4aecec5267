import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { Public } from '../../../libs/infra/auth/auth';
import { metricsRegistry } from '../../../libs/infra/http/metrics';
import { POOL } from '../../../libs/infra/runtime-tokens';

/** Liveness, readiness and metrics: open to anyone, as the contract says. */
@ApiExcludeController()
@Public()
@Controller()
export class SystemController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready only while PostgreSQL answers; 503 otherwise, so a balancer takes us out. */
  @Get(['health', 'health/ready'])
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const database = await this.databaseUp();
    void reply.status(database ? 200 : 503);
    return { status: database ? 'ok' : 'unavailable', live: true, ready: database, checks: { database: database ? 'up' : 'down' } };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    return metricsRegistry.metrics();
  }

  private async databaseUp(): Promise<boolean> {
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000).unref());
    const probe = this.pool.query('SELECT 1').then(() => true, () => false);
    return Promise.race([probe, timeout]);
  }
}
