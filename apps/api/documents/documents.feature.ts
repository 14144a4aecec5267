import type { Type } from '@nestjs/common';
import { DocumentsController } from './documents.controller';

/** The invoice documents (PDF), registered by ApiModule. */
export const DOCUMENT_CONTROLLERS: Type[] = [DocumentsController];
