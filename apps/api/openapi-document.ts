import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The OpenAPI document of the REST API, built from the controllers' own decorators. The api
 * serves it at /docs-json; `npm run openapi` writes it to libs/contract/ (with the TypeScript types
 * generated from it), and a test fails when the committed copy drifts from what the api says.
 */
export function describeApi(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Billing ledger')
      .setDescription('Event-sourced billing for the business directory: commands, queries, reports, webhooks.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
