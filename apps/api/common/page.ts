import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, type Page } from '../../../libs/infra/http/pagination';
import { IntegerField, TextField } from './fields';

/**
 * Every list answers `{ items, nextCursor }` (libs/infra/http/pagination.ts). A list endpoint takes
 * `PageQueryDto` (or a query DTO that extends it) and documents its answer as `PageOf(ItemDto)`:
 *
 *   @Get() @ApiOkResponse({ type: PageOf(InvoiceDto) })
 *   list(@Query() query: InvoiceListQueryDto): Promise<Page<InvoiceView>> { … }
 */
export class PageQueryDto {
  @IntegerField(1, PAGE_SIZE_MAX, { required: false, query: true, default: PAGE_SIZE_DEFAULT, description: 'Items per page' })
  limit?: number;

  @TextField(1, 1_000, { required: false, description: 'The nextCursor of the previous page; leave out for the first page' })
  cursor?: string;
}

const pages = new Map<Type, Type>();

/** The document's schema of a page of `item`, named after it (`InvoiceDto` → `InvoicePageDto`). */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  const known = pages.get(item);
  if (known) return known as Type<Page<T>>;
  class PageDto {
    items!: T[];
    nextCursor!: string | null;
  }
  ApiProperty({ type: [item], description: 'This page, in the order the endpoint states' })(PageDto.prototype, 'items');
  ApiProperty({ type: String, nullable: true, description: 'Send as `cursor` for the next page; null on the last page' })(PageDto.prototype, 'nextCursor');
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  pages.set(item, PageDto);
  return PageDto;
}
