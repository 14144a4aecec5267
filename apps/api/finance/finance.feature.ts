import type { Type } from '@nestjs/common';
import { InvoicesController } from './invoices.controller';
import { LedgerController } from './ledger.controller';
import { OverviewController } from './overview.controller';
import { ReportsController } from './reports.controller';

/** The finance read endpoints (invoices, ledger, reports), registered by ApiModule. */
export const FINANCE_CONTROLLERS: Type[] = [InvoicesController, LedgerController, ReportsController, OverviewController];
