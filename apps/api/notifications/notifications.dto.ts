import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { EnumField, PatternField, TextField } from '../common/fields';
import { PageQueryDto } from '../common/page';

/** Bodies, parameters and answers of the webhook-endpoint and outbox endpoints (api.md). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
const EVENT_TYPES_SAID = { message: 'eventTypes must be ["*"] or a list of 1 to 100 event types from docs/events.md' };

export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export class CreateWebhookEndpointDto {
  @TextField(1, 2048, { example: 'https://hooks.example.com/billing', description: 'http or https; loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true' })
  url!: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 100, example: ['InvoiceIssued', 'PaymentFailed'], description: '["*"] for every event, or event types from docs/events.md' })
  @IsArray(EVENT_TYPES_SAID)
  @ArrayMinSize(1, EVENT_TYPES_SAID)
  @ArrayMaxSize(100, EVENT_TYPES_SAID)
  @IsString({ ...EVENT_TYPES_SAID, each: true })
  @Length(1, 100, { ...EVENT_TYPES_SAID, each: true })
  eventTypes!: string[];

  @TextField(0, 500, { required: false, description: 'What the endpoint is for, for the people who look after it' })
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @TextField(1, 2048, { required: false, example: 'https://hooks.example.com/billing', description: 'http or https; checked as at registration' })
  url?: string;

  @ApiProperty({ type: [String], required: false, minItems: 1, maxItems: 100, description: '["*"] for every event, or event types from docs/events.md' })
  @IsOptional()
  @IsArray(EVENT_TYPES_SAID)
  @ArrayMinSize(1, EVENT_TYPES_SAID)
  @ArrayMaxSize(100, EVENT_TYPES_SAID)
  @IsString({ ...EVENT_TYPES_SAID, each: true })
  @Length(1, 100, { ...EVENT_TYPES_SAID, each: true })
  eventTypes?: string[];

  @ApiProperty({ type: String, required: false, nullable: true, maxLength: 500, description: 'null clears it' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString({ message: 'description must be text of 0 to 500 characters, or null' })
  @Length(0, 500, { message: 'description must be text of 0 to 500 characters, or null' })
  description?: string | null;

  @EnumField(ENDPOINT_STATUSES, { required: false, description: 'disabled: sent nothing that happens meanwhile; its pending retries wait' })
  status?: EndpointStatus;
}

export class WebhookEndpointIdParam {
  @PatternField(UUID, 'a webhook endpoint id (a UUID) from GET /v1/webhook-endpoints', { example: '0196a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', description: 'The webhook endpoint' })
  endpointId!: string;
}

export class WebhookDeliveryIdParam extends WebhookEndpointIdParam {
  @PatternField(UUID, 'a delivery id (a UUID) from the endpoint\'s delivery log', { example: '0196a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1c', description: 'A delivery from the log' })
  deliveryId!: string;
}

export class DeliveryListQueryDto extends PageQueryDto {
  @EnumField(DELIVERY_STATUSES, { required: false, description: 'Only deliveries in this state' })
  status?: DeliveryStatus;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid', deprecated: true, description: 'The same id as endpointId, under the name api.md gives it; use endpointId' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: ENDPOINT_STATUSES }) status!: EndpointStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Signing secret: shown in this answer only' })
  secret!: string;
}

export class WebhookAttemptDto {
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty() succeeded!: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: 'integer' }) durationMs!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid', deprecated: true, description: 'The same id as deliveryId, under the name api.md gives it; use deliveryId' }) id!: string;
  @ApiProperty({ description: 'The event id, sent as webhook-id' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ type: 'integer', description: 'Attempts made so far' }) attempt!: number;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty({ type: 'integer', nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [WebhookAttemptDto] }) attempts!: WebhookAttemptDto[];
}

export class OutboxMessageDto {
  @ApiProperty({ example: '<0193f0c1-7d3a-7cc2-9a51-2b1f6f0e4a10@billing-ledger>' }) messageId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ required: false, format: 'date-time', description: 'When the server accepted it (or its .eml was written)' }) sentAt?: string;
  @ApiProperty({ required: false, format: 'date-time', description: 'When the server refused it for good' }) failedAt?: string;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}
