import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { AfterQueryDto } from '../accounts/account.dto';
import { Roles } from '../../../libs/infra/auth/auth';
import { Problem } from '../../../libs/infra/http/problem';
import { waitForFollower } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { WEBHOOK_FOLLOWER } from '../../../libs/application/webhooks/webhook-fanout';
import { eventTypesProblem, WebhookEndpoints, type WebhookEndpoint } from '../../../libs/application/webhooks/webhook-endpoints';
import { WebhookUrlNotAllowed } from '../../../libs/application/webhooks/webhook-url';
import {
  CreatedWebhookEndpointDto, CreateWebhookEndpointDto, DeliveryPageQueryDto, EndpointPageQueryDto, UpdateWebhookEndpointDto, WebhookDeliveryDto,
  WebhookDeliveryIdParam, WebhookDeliveryPageDto, WebhookEndpointDto, WebhookEndpointIdParam, WebhookEndpointPageDto,
} from './notifications.dto';

const DEFAULT_PAGE_SIZE = 20;
const ID_PARAM = { name: 'id', description: 'The webhook endpoint id', format: 'uuid' } as const;

/** Outgoing webhook endpoints and their delivery logs (api.md, "Outgoing webhooks"): admins only. */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    @Inject(WebhookEndpoints) private readonly endpoints: WebhookEndpoints,
    @Inject(POOL) private readonly pool: Pool,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register an endpoint; the answer shows its signing secret, once' })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiResponse({ status: 422, description: 'WEBHOOK_URL_NOT_ALLOWED' })
  async create(@Body() body: CreateWebhookEndpointDto) {
    checkEventTypes(body.eventTypes);
    return notAllowedAs422(() => this.endpoints.create({ url: body.url, eventTypes: body.eventTypes, description: body.description }));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The endpoints, newest first, paginated' })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  async list(@Query() query: EndpointPageQueryDto) {
    return this.endpoints.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One endpoint (without its secret)' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiResponse({ status: 404, description: 'WEBHOOK_ENDPOINT_NOT_FOUND' })
  async get(@Param() { id }: WebhookEndpointIdParam, @Query() _query: AfterQueryDto) {
    return found(await this.endpoints.get(id), id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the url, event types, description or status (enabled | disabled)' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiResponse({ status: 404, description: 'WEBHOOK_ENDPOINT_NOT_FOUND' })
  @ApiResponse({ status: 422, description: 'WEBHOOK_URL_NOT_ALLOWED' })
  async update(@Param() { id }: WebhookEndpointIdParam, @Body() body: UpdateWebhookEndpointDto) {
    if (body.eventTypes) checkEventTypes(body.eventTypes);
    return found(await notAllowedAs422(() => this.endpoints.update(id, body)), id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Remove the endpoint and its delivery log' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse()
  @ApiResponse({ status: 404, description: 'WEBHOOK_ENDPOINT_NOT_FOUND' })
  async remove(@Param() { id }: WebhookEndpointIdParam): Promise<void> {
    if (!(await this.endpoints.remove(id))) throw endpointNotFound(id);
  }

  @Get(':id/deliveries')
  @Roles('admin')
  @ApiOperation({ summary: 'The delivery log, newest event first, paginated; ?status= filters; ?after= waits until deliveries up to that position are recorded' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiResponse({ status: 404, description: 'WEBHOOK_ENDPOINT_NOT_FOUND' })
  async deliveries(@Param() { id }: WebhookEndpointIdParam, @Query() query: DeliveryPageQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (query.after && !(await waitForFollower(this.pool, WEBHOOK_FOLLOWER, query.after))) void reply.header('x-read-model-behind', 'true');
    found(await this.endpoints.get(id), id);
    return this.endpoints.deliveries(id, { status: query.status, limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Send that delivery again now (the worker picks it up at once)' })
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'deliveryId', description: 'A delivery id from the log', format: 'uuid' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiResponse({ status: 404, description: 'WEBHOOK_DELIVERY_NOT_FOUND' })
  async retry(@Param() { id, deliveryId }: WebhookDeliveryIdParam) {
    const delivery = await this.endpoints.retry(id, deliveryId);
    if (!delivery) throw new Problem(404, 'WEBHOOK_DELIVERY_NOT_FOUND', `endpoint ${id} has no delivery ${deliveryId}; take ids from its delivery log`);
    return delivery;
  }
}

function checkEventTypes(eventTypes: readonly string[]): void {
  const problem = eventTypesProblem(eventTypes);
  if (problem) throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: 'eventTypes', message: problem }]);
}

async function notAllowedAs422<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WebhookUrlNotAllowed) throw new Problem(422, 'WEBHOOK_URL_NOT_ALLOWED', `${error.message}; use a public http(s) address`);
    throw error;
  }
}

function endpointNotFound(id: string): Problem {
  return new Problem(404, 'WEBHOOK_ENDPOINT_NOT_FOUND', `there is no webhook endpoint ${id}; GET /v1/webhook-endpoints lists them`);
}

function found(endpoint: WebhookEndpoint | undefined, id: string): WebhookEndpoint {
  if (!endpoint) throw endpointNotFound(id);
  return endpoint;
}
