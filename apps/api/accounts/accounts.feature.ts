import type { Provider, Type } from '@nestjs/common';

/** The accounts feature's controllers and providers, registered by ApiModule. */
export const ACCOUNT_CONTROLLERS: Type[] = [];
export const ACCOUNT_PROVIDERS: Provider[] = [];
