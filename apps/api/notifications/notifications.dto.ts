import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { AfterQueryDto } from '../accounts/account.dto';

/** Bodies, parameters and answers of the webhook-endpoint and outbox endpoints (api.md). */
const POSITION = /^[0-9a-f]{16}-[0-9a-f]{16}$/;

export enum EndpointStatusDto { enabled = 'enabled', disabled = 'disabled' }
export enum DeliveryStatusDto { pending = 'pending', succeeded = 'succeeded', failed = 'failed' }

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hooks.example.com/billing', description: 'http or https; loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true' })
  @IsString()
  @Length(1, 2048)
  url!: string;

  @ApiProperty({ type: [String], example: ['InvoiceIssued', 'PaymentFailed'], description: '["*"] for every event, or event types from docs/events.md' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  eventTypes!: string[];

  @ApiProperty({ required: false, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiProperty({ required: false, example: 'https://hooks.example.com/billing' })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  url?: string;

  @ApiProperty({ required: false, type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  eventTypes?: string[];

  @ApiProperty({ required: false, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ required: false, enum: EndpointStatusDto, enumName: 'WebhookEndpointStatus' })
  @IsOptional()
  @IsIn(Object.values(EndpointStatusDto), { message: 'status must be enabled or disabled' })
  status?: EndpointStatusDto;
}

export class WebhookEndpointIdParam {
  @IsUUID('all', { message: 'id must be a webhook endpoint id (a UUID)' })
  id!: string;
}

export class WebhookDeliveryIdParam extends WebhookEndpointIdParam {
  @IsUUID('all', { message: 'deliveryId must be a delivery id (a UUID) from the delivery log' })
  deliveryId!: string;
}

export class PageQueryDto extends AfterQueryDto {
  @ApiProperty({ required: false, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class EndpointPageQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be a nextCursor this endpoint returned' })
  cursor?: string;
}

export class DeliveryPageQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Matches(POSITION, { message: 'cursor must be a nextCursor this endpoint returned' })
  cursor?: string;

  @ApiProperty({ required: false, enum: DeliveryStatusDto, enumName: 'WebhookDeliveryStatus' })
  @IsOptional()
  @IsIn(Object.values(DeliveryStatusDto), { message: 'status must be pending, succeeded or failed' })
  status?: DeliveryStatusDto;
}

export class OutboxPageQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be a nextCursor this endpoint returned' })
  cursor?: string;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: EndpointStatusDto, enumName: 'WebhookEndpointStatus' }) status!: EndpointStatusDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Signing secret: shown in this answer only' })
  secret!: string;
}

export class WebhookEndpointPageDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items!: WebhookEndpointDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class WebhookAttemptDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty() succeeded!: boolean;
  @ApiProperty({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The event id, sent as webhook-id' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'Attempts made so far' }) attempt!: number;
  @ApiProperty({ enum: DeliveryStatusDto, enumName: 'WebhookDeliveryStatus' }) status!: DeliveryStatusDto;
  @ApiProperty({ type: Number, nullable: true }) responseStatus!: number | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [WebhookAttemptDto] }) attempts!: WebhookAttemptDto[];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class OutboxMessageDto {
  @ApiProperty({ example: '<0193f0c1-7d3a-7cc2-9a51-2b1f6f0e4a10@billing-ledger>' }) messageId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ required: false, format: 'date-time' }) sentAt?: string;
  @ApiProperty({ required: false, format: 'date-time' }) failedAt?: string;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxMessageDto] }) items!: OutboxMessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
