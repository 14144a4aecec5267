import type { Provider, Type } from '@nestjs/common';
import { BillingCommands } from '../../../libs/application/commands/billing-commands';
import { AccountPreviews } from '../../../libs/application/preview/account-preview';
import { PreviewController } from './preview.controller';

/** The preview endpoints, registered by ApiModule beside the accounts feature whose BillingCommands they share. */
export const PREVIEW_CONTROLLERS: Type[] = [PreviewController];
export const PREVIEW_PROVIDERS: Provider[] = [
  { provide: AccountPreviews, useFactory: (commands: BillingCommands) => new AccountPreviews(commands), inject: [BillingCommands] },
];
