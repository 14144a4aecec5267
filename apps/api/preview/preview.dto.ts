import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { PreviewInput } from '../../../libs/application/preview/account-preview';
import { Problem } from '../../../libs/infra/http/problem';
import { createValidationPipe } from '../../../libs/infra/http/validation.pipe';
import { AccountViewDto, PendingItemDto } from '../accounts/account-view.dto';
import { ChangeBranchesDto, ChangeTierDto, ProductCountDto, SubscribeDto } from '../accounts/account.dto';
import { InvoiceDocumentDto } from '../finance/invoice-document.dto';

/**
 * `POST /v1/accounts/{id}/preview` takes `{ action, ...that action's body }`. Each action's body is
 * its command endpoint's own DTO class with `action` added, validated by the very pipe that
 * validates the command, so that a preview refuses a body with the same 400 and the same field
 * errors as the command would.
 */
export const PREVIEW_ACTIONS = ['subscribe', 'changeTier', 'changeBranches', 'reportProductCount', 'hibernate', 'resume', 'cancel'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];

export class PreviewSubscribeDto extends SubscribeDto {
  @ApiProperty({ enum: ['subscribe'] })
  @IsIn(['subscribe'])
  action!: 'subscribe';
}

export class PreviewChangeTierDto extends ChangeTierDto {
  @ApiProperty({ enum: ['changeTier'] })
  @IsIn(['changeTier'])
  action!: 'changeTier';
}

export class PreviewChangeBranchesDto extends ChangeBranchesDto {
  @ApiProperty({ enum: ['changeBranches'] })
  @IsIn(['changeBranches'])
  action!: 'changeBranches';
}

export class PreviewProductCountDto extends ProductCountDto {
  @ApiProperty({ enum: ['reportProductCount'] })
  @IsIn(['reportProductCount'])
  action!: 'reportProductCount';
}

/** hibernate, resume and cancel: their endpoints take no body, so nothing but `action` is read. */
export class PreviewLifecycleDto {
  @ApiProperty({ enum: ['hibernate', 'resume', 'cancel'] })
  @IsIn(['hibernate', 'resume', 'cancel'])
  action!: 'hibernate' | 'resume' | 'cancel';
}

export const PREVIEW_BODY_MODELS = [PreviewSubscribeDto, PreviewChangeTierDto, PreviewChangeBranchesDto, PreviewProductCountDto, PreviewLifecycleDto];

export const PREVIEW_BODY_SCHEMA = {
  oneOf: PREVIEW_BODY_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'action',
    mapping: {
      subscribe: getSchemaPath(PreviewSubscribeDto),
      changeTier: getSchemaPath(PreviewChangeTierDto),
      changeBranches: getSchemaPath(PreviewChangeBranchesDto),
      reportProductCount: getSchemaPath(PreviewProductCountDto),
      hibernate: getSchemaPath(PreviewLifecycleDto),
      resume: getSchemaPath(PreviewLifecycleDto),
      cancel: getSchemaPath(PreviewLifecycleDto),
    },
  },
};

const MODEL_OF: Readonly<Record<PreviewAction, new () => object>> = {
  subscribe: PreviewSubscribeDto,
  changeTier: PreviewChangeTierDto,
  changeBranches: PreviewChangeBranchesDto,
  reportProductCount: PreviewProductCountDto,
  hibernate: PreviewLifecycleDto,
  resume: PreviewLifecycleDto,
  cancel: PreviewLifecycleDto,
};

const COMMAND_OF = {
  subscribe: 'Subscribe',
  changeTier: 'ChangeTier',
  changeBranches: 'ChangeBranches',
  reportProductCount: 'ReportProductCount',
  hibernate: 'Hibernate',
  resume: 'Resume',
  cancel: 'Cancel',
} as const satisfies Record<PreviewAction, PreviewInput['type']>;

const BODYLESS: ReadonlySet<PreviewAction> = new Set(['hibernate', 'resume', 'cancel']);

const pipe = createValidationPipe();

/** The command a preview body stands for, validated as its command endpoint validates it. */
export async function previewInputOf(body: unknown): Promise<PreviewInput> {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const action = fields.action;
  if (typeof action !== 'string' || !(PREVIEW_ACTIONS as readonly string[]).includes(action)) {
    throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: 'action', message: `action must be one of ${PREVIEW_ACTIONS.join(', ')}` }]);
  }
  const previewAction = action as PreviewAction;
  const validated = (await pipe.transform(BODYLESS.has(previewAction) ? { action } : fields, { type: 'body', metatype: MODEL_OF[previewAction] })) as Record<string, unknown>;
  const { action: _action, ...commandBody } = validated;
  return { type: COMMAND_OF[previewAction], ...commandBody } as PreviewInput;
}

export class PreviewResponseDto {
  @ApiProperty({ type: () => [InvoiceDocumentDto], description: 'The invoices or credit notes the command would issue now, due work included, with id and number null' })
  documents!: InvoiceDocumentDto[];

  @ApiProperty({ type: () => [PendingItemDto], description: 'The lines it would leave pending for the next document' })
  pendingItems!: PendingItemDto[];

  @ApiProperty({ type: () => AccountViewDto, description: 'The account as it would be' })
  account!: AccountViewDto;
}
