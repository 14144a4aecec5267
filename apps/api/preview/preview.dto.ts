import { ApiProperty, getSchemaPath, OmitType } from '@nestjs/swagger';
import type { PreviewInput } from '../../../libs/application/preview/account-preview';
import { Problem } from '../../../libs/infra/http/problem';
import { createValidationPipe, VALIDATION_DETAIL } from '../../../libs/infra/http/validation.pipe';
import { AccountDto, OpenInvoiceDto, PendingItemDto } from '../accounts/account-view.dto';
import { ChangeBranchesDto, ChangeTierDto, ProductCountDto, SubscribeDto } from '../accounts/account.dto';
import { EnumField } from '../common/fields';
import { InvoiceDto } from '../finance/invoice.dto';

/**
 * `POST /v1/accounts/{id}/preview` takes `{ action, ...that action's body }`. Each action's body is
 * its command endpoint's own DTO class with `action` added, validated by the very pipe that
 * validates the command, so that a preview refuses a body with the same 400 and the same field
 * errors as the command would.
 */
export const PREVIEW_ACTIONS = ['subscribe', 'changeTier', 'changeBranches', 'reportProductCount', 'hibernate', 'resume', 'cancel'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];

export class PreviewSubscribeDto extends SubscribeDto {
  @EnumField(['subscribe'], { example: 'subscribe' })
  action!: 'subscribe';
}

export class PreviewChangeTierDto extends ChangeTierDto {
  @EnumField(['changeTier'], { example: 'changeTier' })
  action!: 'changeTier';
}

export class PreviewChangeBranchesDto extends ChangeBranchesDto {
  @EnumField(['changeBranches'], { example: 'changeBranches' })
  action!: 'changeBranches';
}

export class PreviewProductCountDto extends ProductCountDto {
  @EnumField(['reportProductCount'], { example: 'reportProductCount' })
  action!: 'reportProductCount';
}

/** hibernate, resume and cancel: their endpoints take no body, so nothing but `action` is read. */
export class PreviewLifecycleDto {
  @EnumField(['hibernate', 'resume', 'cancel'], { example: 'cancel' })
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
    throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, [{ field: 'action', message: `action must be one of ${PREVIEW_ACTIONS.join(', ')}` }]);
  }
  const previewAction = action as PreviewAction;
  const validated = (await pipe.transform(BODYLESS.has(previewAction) ? { action } : fields, { type: 'body', metatype: MODEL_OF[previewAction] })) as Record<string, unknown>;
  const { action: _action, ...commandBody } = validated;
  return { type: COMMAND_OF[previewAction], ...commandBody } as PreviewInput;
}

/**
 * What a preview answers, in the shapes of the real answers (GET /v1/invoices/{invoiceId}, GET
 * /v1/accounts/{id}) with one difference: what only the previewed decision would create has no id
 * yet. A document is not issued, so its `invoiceId`, `id` and `number` are null (numbers are drawn
 * on issue); a pending item or open invoice the command would add has a null id.
 */
export class PreviewDocumentDto extends OmitType(InvoiceDto, ['invoiceId', 'id', 'number'] as const) {
  @ApiProperty({ type: String, nullable: true, description: 'Always null: a previewed document is not issued, so it has no id yet' })
  invoiceId!: null;

  @ApiProperty({ type: String, nullable: true, deprecated: true, description: 'The same as invoiceId, under the name api.md first gave it: always null here' })
  id!: null;

  @ApiProperty({ type: String, nullable: true, description: 'Always null: numbers are drawn when a document is issued, gap-free' })
  number!: null;
}

export class PreviewPendingItemDto extends OmitType(PendingItemDto, ['itemId'] as const) {
  @ApiProperty({ type: String, nullable: true, description: 'Null for an item the previewed command would add; an item the account holds keeps its id' })
  itemId!: string | null;
}

export class PreviewOpenInvoiceDto extends OmitType(OpenInvoiceDto, ['invoiceId'] as const) {
  @ApiProperty({ type: String, nullable: true, description: 'Null for a document the previewed command would issue; an invoice already open keeps its id' })
  invoiceId!: string | null;
}

export class PreviewAccountDto extends OmitType(AccountDto, ['pendingItems', 'openInvoices'] as const) {
  @ApiProperty({ type: [PreviewPendingItemDto], description: 'Prorated amounts that would wait for the next invoice' })
  pendingItems!: readonly PreviewPendingItemDto[];

  @ApiProperty({ type: [PreviewOpenInvoiceDto] })
  openInvoices!: readonly PreviewOpenInvoiceDto[];
}

export class PreviewResponseDto {
  @ApiProperty({ type: [PreviewDocumentDto], description: 'The invoices or credit notes the command would issue now, due work included, in issue order' })
  documents!: readonly PreviewDocumentDto[];

  @ApiProperty({ type: [PreviewPendingItemDto], description: 'The lines it would leave pending for the next document' })
  pendingItems!: readonly PreviewPendingItemDto[];

  @ApiProperty({ type: PreviewAccountDto, description: 'The account as it would be' })
  account!: PreviewAccountDto;
}
