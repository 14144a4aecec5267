// Idempotency-Key is honoured on every command route and costs a GET nothing: bindIdempotency puts
// the interceptor on each POST, PUT and PATCH handler (inherited ones too), on no GET, and never twice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Get, Patch, Post, Put, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { IdempotencyInterceptor, bindIdempotency } from './idempotency.interceptor';

class OtherInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle();
  }
}

class BaseCommands {
  @Post('inherited')
  inherited(): void {}
}

@Controller('things')
class ThingsController extends BaseCommands {
  @Get(':id')
  read(): void {}

  @Post()
  create(): void {}

  @Put(':id')
  replace(): void {}

  @Patch(':id')
  @UseInterceptors(OtherInterceptor)
  change(): void {}

  helper(): void {}
}

const bound = (handler: unknown): unknown[] => (Reflect.getMetadata(INTERCEPTORS_METADATA, handler as object) as unknown[] | undefined) ?? [];

describe('bindIdempotency', () => {
  test('binds the interceptor to command handlers only, keeps their own interceptors, and binds once', () => {
    bindIdempotency([ThingsController]);
    bindIdempotency([ThingsController]);
    const proto = ThingsController.prototype;
    assert.deepEqual(bound(proto.create), [IdempotencyInterceptor]);
    assert.deepEqual(bound(proto.replace), [IdempotencyInterceptor]);
    assert.deepEqual(bound(proto.change), [IdempotencyInterceptor, OtherInterceptor]);
    assert.deepEqual(bound(proto.inherited), [IdempotencyInterceptor]);
    assert.deepEqual(bound(proto.read), [], 'a GET has no interceptor');
    assert.deepEqual(bound(proto.helper), [], 'a method that is no route is left alone');
  });
});
