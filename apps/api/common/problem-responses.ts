import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { isRejectionCode, rejectionSentence } from '../../../libs/domain/rejections';

/** problem+json as the API answers every error (libs/infra/http/problem.ts), for the document. */
export class FieldErrorDto {
  @ApiProperty({ example: 'tier', description: 'The request field at fault (`(body)` for the body as a whole)' })
  field!: string;

  @ApiProperty({ example: 'tier must be one of starter, pro, enterprise', description: 'What the field accepts' })
  message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://billing-ledger.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ description: 'A sentence a person can act on: what is wrong, then what to do' })
  detail!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'UPPER_SNAKE code from the contract' })
  code!: string;

  @ApiProperty({ type: [FieldErrorDto], required: false, description: 'On 400: each field at fault' })
  errors?: FieldErrorDto[];

  @ApiProperty({ required: false, description: 'The request correlation id, also in the x-correlation-id header' })
  correlationId?: string;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * The error answers an operation may give besides the ones every operation has (400, 401, 403,
 * 429: openapi-document.ts adds those), as `{ status: codes }`. A 422's codes are described with
 * the sentence rejections.ts gives each, so the document lists what a client may meet and why:
 *
 *   @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'], 422: ['NOT_SUBSCRIBED', 'ACCOUNT_SUSPENDED'] })
 */
export function ApiProblems(responses: Readonly<Record<number, readonly string[]>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...Object.entries(responses).map(([status, codes]) =>
      ApiResponse({ status: Number(status), description: describeCodes(codes), content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } } }),
    ),
  );
}

function describeCodes(codes: readonly string[]): string {
  return codes.map((code) => (isRejectionCode(code) ? `\`${code}\`: ${rejectionSentence(code)}` : `\`${code}\``)).join('\n\n');
}
