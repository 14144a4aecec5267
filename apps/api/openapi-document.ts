import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { rejectionSentence } from '../../libs/domain/rejections';
import { READ_MODEL_BEHIND_HEADER } from '../../libs/infra/http/read-your-writes.guard';
import { PROBLEM_MEDIA_TYPE, ProblemDto } from './common/problem-responses';
import { WRITES_NOTHING_EXTENSION } from './common/writes-nothing';

/**
 * The OpenAPI document of the REST API, built from the controllers' own decorators. The api
 * serves it at /docs-json; `npm run openapi` writes it to libs/contract/ (with the TypeScript types
 * generated from it), and a test fails when the committed copy drifts from what the api says.
 *
 * What holds for every operation is added here, once, rather than by a decorator on each route
 * (where a new route could forget it): `?after=` and `x-read-model-behind` on every GET under /v1
 * (the interceptor that honours them is just as global), `Idempotency-Key` and
 * `Idempotent-Replayed` on every command (but a POST that writes nothing, a preview), and the 400,
 * 401, 403, 413, 414, 415 and 429 answers.
 */
const TAGS: ReadonlyArray<[string, string]> = [
  ['accounts', 'Billing accounts and their subscriptions: open, subscribe, change, hibernate, cancel'],
  ['catalog', 'The price book in force: tiers, prices, grace, retries, rates'],
  ['preview', 'What a command would issue before it is sent, and the upcoming renewal invoice'],
  ['coupons', 'Coupons finance creates and accounts redeem as their discount'],
  ['invoices', 'Invoices and credit notes, and their PDF documents'],
  ['payments', 'Payments, refunds and disputes'],
  ['stripe', "Stripe's webhooks and the events that matched nothing yet"],
  ['audit', 'The events as recorded, the state as of any instant, read model rebuilds'],
  ['reports', 'MRR and tax reports for finance'],
  ['ledger', 'The double-entry ledger'],
  ['admin', 'Exchange and tax rates, the manual clock, the email outbox'],
  ['webhooks', 'Outgoing webhook endpoints and their delivery logs'],
];

export function describeApi(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Billing ledger')
    .setDescription(
      'Event-sourced billing for the business directory: commands, queries, reports, webhooks. Every list answers `{ items, nextCursor }`; ' +
        'every GET accepts `?after=<position>` (the `position` a command answered with) and waits up to 5 s for its read models; ' +
        'errors are `application/problem+json` with a `code` and a `detail` sentence.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This server')
    .addBearerAuth();
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return completeDocument(SwaggerModule.createDocument(app, builder.build(), { extraModels: [ProblemDto] }));
}

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ParameterObject = NonNullable<OperationObject['parameters']>[number];
type ResponseObject = Exclude<NonNullable<OperationObject['responses'][string]>, { $ref: string }>;
type ReferenceObject = { $ref: string };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const COMMAND_METHODS = new Set(['post', 'put', 'patch', 'delete']);

const ref = (path: string): ReferenceObject => ({ $ref: path });
const IDEMPOTENCY_KEY_REUSED = `\`IDEMPOTENCY_KEY_REUSED\`: ${rejectionSentence('IDEMPOTENCY_KEY_REUSED')}`;

/** Adds what every operation of its kind has; see the comment at the top. */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  addSharedComponents(document);
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      describeSuccess(operation);
      const isPublic = !operation.security || operation.security.length === 0;
      if (isPublic) operation.security = [];
      if (method === 'get') {
        addParameter(operation, ref('#/components/parameters/After'));
        addSuccessHeader(operation, READ_MODEL_BEHIND_HEADER, ref('#/components/headers/ReadModelBehind'));
      } else if (COMMAND_METHODS.has(method) && !isPublic && !writesNothing(operation)) {
        addParameter(operation, ref('#/components/parameters/IdempotencyKey'));
        addSuccessHeader(operation, 'idempotent-replayed', ref('#/components/headers/IdempotentReplayed'));
        addIdempotencyRefusal(operation);
      }
      addResponse(operation, 400, ref('#/components/responses/ValidationFailed'));
      if (!isPublic) {
        addResponse(operation, 401, ref('#/components/responses/Unauthenticated'));
        addResponse(operation, 403, ref('#/components/responses/Forbidden'));
      }
      // Any command may be sent a body, even one that takes none: too large, or not JSON.
      if (COMMAND_METHODS.has(method)) {
        addResponse(operation, 413, ref('#/components/responses/PayloadTooLarge'));
        addResponse(operation, 415, ref('#/components/responses/UnsupportedMediaType'));
      }
      if (path.includes('{')) addResponse(operation, 414, ref('#/components/responses/UriTooLong'));
      addResponse(operation, 429, ref('#/components/responses/RateLimited'));
    }
  }
  return document;
}

function addSharedComponents(document: OpenAPIObject): void {
  const components = (document.components ??= {});
  const problem = (description: string, headers?: ResponseObject['headers']): ResponseObject => ({
    description,
    ...(headers ? { headers } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: ref(`#/components/schemas/${ProblemDto.name}`) } },
  });
  components.parameters = {
    ...components.parameters,
    After: {
      name: 'after', in: 'query', required: false,
      description: 'A `position` a command answered with: wait (at most 5 s) until what this endpoint reads includes it, so you read your own writes. Safe to send on every GET.',
      schema: { type: 'string', pattern: '^[0-9a-f]{16}-[0-9a-f]{16}$', example: '0000000000000a1f-0000000000000042' },
    },
    IdempotencyKey: {
      name: 'Idempotency-Key', in: 'header', required: false,
      description: 'Repeat a command safely: the same key with the same body answers the first answer again (with `Idempotent-Replayed: true`); the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`. Kept at least 24 h.',
      schema: { type: 'string', minLength: 1, maxLength: 255, example: '6f1c2b1e-0c1e-4a7e-9a57-2f3f5d3c9b11' },
    },
  };
  components.headers = {
    ...components.headers,
    ReadModelBehind: { required: false, description: '`true` when `?after=` waited 5 s and the read models had not applied the position yet: the answer may miss your latest write', schema: { type: 'string', enum: ['true'] } },
    IdempotentReplayed: { required: false, description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
    RetryAfter: { description: 'Whole seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
  };
  components.schemas ??= {};
  components.responses = {
    ...components.responses,
    ValidationFailed: problem('`VALIDATION_FAILED`: a field, parameter or the body is not what the endpoint accepts; `errors` names each field and what it accepts.'),
    Unauthenticated: problem('`UNAUTHENTICATED`: no bearer token, or one that is malformed, expired or not issued by this ledger.'),
    Forbidden: problem("`FORBIDDEN`: the token's role may not call this endpoint, or a vendor token names another account."),
    PayloadTooLarge: problem('`PAYLOAD_TOO_LARGE`: the body is larger than the server accepts.'),
    IdempotencyKeyReused: problem(IDEMPOTENCY_KEY_REUSED),
    UnsupportedMediaType: problem('`UNSUPPORTED_MEDIA_TYPE`: the body is not sent as application/json.'),
    UriTooLong: problem('`URI_TOO_LONG`: a path parameter is longer than the server reads.'),
    RateLimited: problem("`RATE_LIMITED`: over the caller's allowance for the minute (by role; per IP without a token).", { 'Retry-After': ref('#/components/headers/RetryAfter') }),
  };
}

/** Marked by ApiWritesNothing (a preview): no effect, so nothing to make exactly-once. */
function writesNothing(operation: OperationObject): boolean {
  return (operation as OperationObject & Record<string, unknown>)[WRITES_NOTHING_EXTENSION] === true;
}

function addParameter(operation: OperationObject, parameter: ParameterObject): void {
  (operation.parameters ??= []).push(parameter);
}

function addResponse(operation: OperationObject, status: number, response: ReferenceObject): void {
  operation.responses[status] ??= response;
}

/** The same Idempotency-Key with another body is a 422 on every command, beside its own 422s. */
function addIdempotencyRefusal(operation: OperationObject): void {
  const own = operation.responses[422] as ResponseObject | ReferenceObject | undefined;
  if (own === undefined) operation.responses[422] = ref('#/components/responses/IdempotencyKeyReused');
  else if (!('$ref' in own)) own.description = `${own.description}\n\n${IDEMPOTENCY_KEY_REUSED}`;
}

/** Nest leaves a success response's description empty unless the route gives one. */
function describeSuccess(operation: OperationObject): void {
  for (const [status, response] of Object.entries(operation.responses) as Array<[string, ResponseObject | ReferenceObject]>) {
    if (status.startsWith('2') && !('$ref' in response) && !response.description) response.description = status === '201' ? 'Created' : 'OK';
  }
}

function addSuccessHeader(operation: OperationObject, name: string, header: ReferenceObject): void {
  for (const [status, response] of Object.entries(operation.responses) as Array<[string, ResponseObject | ReferenceObject]>) {
    if (!status.startsWith('2') || '$ref' in response) continue;
    response.headers = { ...response.headers, [name]: header };
  }
}
