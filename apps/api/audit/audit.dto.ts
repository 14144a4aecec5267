import { ApiProperty } from '@nestjs/swagger';
import { AccountDto } from '../accounts/account-view.dto';
import { InstantField, PatternField } from '../common/fields';
import { PageQueryDto } from '../common/page';

/** Queries and answers of the audit endpoints: the events as recorded and the state as of an instant. */
export class AsOfQueryDto {
  @InstantField({ required: false, example: '2026-06-30T23:59:59Z', description: 'Only what had been recorded by this instant' })
  asOf?: string;
}

export class EventListQueryDto extends PageQueryDto {
  @InstantField({ required: false, example: '2026-06-30T23:59:59Z', description: 'Only the events recorded by this instant' })
  asOf?: string;
}

export class ProjectionNameParam {
  @PatternField(/^[a-z][a-z0-9_-]{0,40}$/, 'the name of a read model, such as accounts or invoices', { example: 'invoices' })
  name!: string;
}

const METADATA_KEYS = ['correlationId', 'causationId', 'actor', 'command', 'occurredAt'];

export class EventDto {
  @ApiProperty({ description: 'Event id (UUID); Kafka consumers dedupe on it' })
  id!: string;

  @ApiProperty({ example: 'TierChanged', description: 'One of the types in docs/events.md' })
  type!: string;

  @ApiProperty({ type: 'integer', description: '0-based place in the account stream' })
  revision!: number;

  @ApiProperty({ example: '0000000000000a1f-0000000000000042', description: 'Orders the event in the whole ledger' })
  position!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's fields, as docs/events.md lists them for its type" })
  data!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    required: METADATA_KEYS,
    properties: {
      correlationId: { type: 'string' }, causationId: { type: 'string' }, actor: { type: 'string', description: "The caller's sub, or worker or stripe" },
      role: { type: 'string' }, command: { type: 'string' }, occurredAt: { type: 'string', format: 'date-time' },
      idempotencyKey: { type: 'string' }, prevHash: { type: 'string' }, hash: { type: 'string' },
    },
    description: 'Who and why: correlation and causation ids, the actor and the command; the hash chain',
  })
  metadata!: Record<string, unknown>;
}

export class AccountStateDto {
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The instant asked for, as the ledger read it (a date is its first instant, UTC); null for now' })
  asOf!: string | null;

  @ApiProperty({ type: 'integer', description: 'Revision of the last event counted' })
  revision!: number;

  @ApiProperty({ description: 'Position of the last event counted' })
  position!: string;

  @ApiProperty({ type: AccountDto, description: 'The account folded from its events up to asOf' })
  account!: AccountDto;
}

export class RebuildResultDto {
  @ApiProperty({ example: 'invoices' })
  name!: string;

  @ApiProperty({ type: 'integer', description: 'Events read from the feed' })
  events!: number;

  @ApiProperty({ type: 'integer', description: 'How long the rebuild took' })
  ms!: number;
}
