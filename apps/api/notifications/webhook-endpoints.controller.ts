import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../libs/infra/auth/auth';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { Problem } from '../../../libs/infra/http/problem';
import { ReadsFrom, ReadsFromFollower } from '../../../libs/infra/http/read-your-writes.guard';
import { WEBHOOK_FOLLOWER } from '../../../libs/application/webhooks/webhook-fanout';
import { eventTypesProblem, WebhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from '../../../libs/application/webhooks/webhook-endpoints';
import { WebhookUrlNotAllowed } from '../../../libs/application/webhooks/webhook-url';
import { PageOf, PageQueryDto } from '../common/page';
import { ApiProblems } from '../common/problem-responses';
import {
  CreatedWebhookEndpointDto, CreateWebhookEndpointDto, DeliveryListQueryDto, UpdateWebhookEndpointDto, WebhookDeliveryDto, WebhookDeliveryIdParam,
  WebhookEndpointDto, WebhookEndpointIdParam,
} from './notifications.dto';

/**
 * Outgoing webhook endpoints and their delivery logs (api.md, "Outgoing webhooks"): admins only.
 * Endpoints are written by these requests themselves, so their GETs need not wait for anything;
 * the delivery log is the webhook fan-out's, so `?after=` waits for that follower.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(@Inject(WebhookEndpoints) private readonly endpoints: WebhookEndpoints) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register an endpoint; the answer shows its signing secret, once' })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiProblems({ 422: ['WEBHOOK_URL_NOT_ALLOWED'] })
  async create(@Body() body: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpointDto> {
    checkEventTypes(body.eventTypes);
    return notAllowedAs422(() => this.endpoints.create({ url: body.url, eventTypes: body.eventTypes, description: body.description }));
  }

  @Get()
  @Roles('admin')
  @ReadsFrom()
  @ApiOperation({ summary: 'The endpoints, newest first, paginated' })
  @ApiOkResponse({ type: PageOf(WebhookEndpointDto) })
  list(@Query() query: PageQueryDto): Promise<Page<WebhookEndpoint>> {
    return this.endpoints.list(query.limit ?? PAGE_SIZE_DEFAULT, query.cursor);
  }

  @Get(':endpointId')
  @Roles('admin')
  @ReadsFrom()
  @ApiOperation({ summary: 'One endpoint (without its secret)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems({ 404: ['WEBHOOK_ENDPOINT_NOT_FOUND'] })
  async get(@Param() { endpointId }: WebhookEndpointIdParam): Promise<WebhookEndpointDto> {
    return found(await this.endpoints.get(endpointId), endpointId);
  }

  @Patch(':endpointId')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the url, event types, description or status (enabled | disabled)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems({ 404: ['WEBHOOK_ENDPOINT_NOT_FOUND'], 422: ['WEBHOOK_URL_NOT_ALLOWED'] })
  async update(@Param() { endpointId }: WebhookEndpointIdParam, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    if (body.eventTypes) checkEventTypes(body.eventTypes);
    return found(await notAllowedAs422(() => this.endpoints.update(endpointId, body)), endpointId);
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Remove the endpoint and its delivery log' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems({ 404: ['WEBHOOK_ENDPOINT_NOT_FOUND'] })
  async remove(@Param() { endpointId }: WebhookEndpointIdParam): Promise<void> {
    if (!(await this.endpoints.remove(endpointId))) throw endpointNotFound(endpointId);
  }

  @Get(':endpointId/deliveries')
  @Roles('admin')
  @ReadsFromFollower(WEBHOOK_FOLLOWER)
  @ApiOperation({ summary: 'The delivery log, newest event first, paginated; ?status= filters; ?after= waits until deliveries up to that position are recorded' })
  @ApiOkResponse({ type: PageOf(WebhookDeliveryDto) })
  @ApiProblems({ 404: ['WEBHOOK_ENDPOINT_NOT_FOUND'] })
  async deliveries(@Param() { endpointId }: WebhookEndpointIdParam, @Query() query: DeliveryListQueryDto): Promise<Page<WebhookDelivery>> {
    found(await this.endpoints.get(endpointId), endpointId);
    return this.endpoints.deliveries(endpointId, { status: query.status, limit: query.limit ?? PAGE_SIZE_DEFAULT, cursor: query.cursor });
  }

  @Post(':endpointId/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Send that delivery again now (the worker picks it up at once)' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems({ 404: ['WEBHOOK_DELIVERY_NOT_FOUND'] })
  async retry(@Param() { endpointId, deliveryId }: WebhookDeliveryIdParam): Promise<WebhookDeliveryDto> {
    const delivery = await this.endpoints.retry(endpointId, deliveryId);
    if (!delivery) throw new Problem(404, 'WEBHOOK_DELIVERY_NOT_FOUND', `Endpoint ${endpointId} has no delivery ${deliveryId}. Take delivery ids from its delivery log.`);
    return delivery;
  }
}

function checkEventTypes(eventTypes: readonly string[]): void {
  const problem = eventTypesProblem(eventTypes);
  if (problem) throw new Problem(400, 'VALIDATION_FAILED', 'The event types are not ones the ledger records. Send ["*"] or types listed in docs/events.md.', [{ field: 'eventTypes', message: problem }]);
}

async function notAllowedAs422<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WebhookUrlNotAllowed) throw new Problem(422, 'WEBHOOK_URL_NOT_ALLOWED', `The url is not allowed: ${error.message}. Use a public http or https address.`);
    throw error;
  }
}

function endpointNotFound(id: string): Problem {
  return new Problem(404, 'WEBHOOK_ENDPOINT_NOT_FOUND', `There is no webhook endpoint ${id}. GET /v1/webhook-endpoints lists them.`);
}

function found(endpoint: WebhookEndpoint | undefined, id: string): WebhookEndpoint {
  if (!endpoint) throw endpointNotFound(id);
  return endpoint;
}
