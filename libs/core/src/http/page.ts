import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE = 100000;
export const MAX_PAGE_SIZE = 100;

/** `?page=1&pageSize=50`; more than 100 a page is a 400, never silently clamped. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize = 50;
}

/** The one list shape. */
export interface Page<V> {
  items: V[];
  /** Every record the filter matches, not only this page's. */
  total: number;
  page: number;
  pageSize: number;
}

/** `{items, total, page, pageSize}`, items through their view mapper. */
export const toPage = <T, V>(result: { items: T[]; total: number }, query: PageQueryDto, view: (item: T) => V): Page<V> => ({
  items: result.items.map(view),
  total: result.total,
  page: query.page,
  pageSize: query.pageSize,
});

const pageSchemas = new Map<ClassType, ClassType>();

/**
 * The paged-list schema of one item type, for `@ApiOkResponse({ type: pageOf(UserView) })`: a
 * component named after the item (`UserView` → `UserPage`), so the UI gets `UserPage.items: UserView[]`.
 */
export function pageOf<V>(item: ClassType<V>): ClassType<Page<V>> {
  const known = pageSchemas.get(item);
  if (known) return known as ClassType<Page<V>>;

  @ApiSchema({ name: `${item.name.replace(/View$/, '')}Page`, description: `One page of ${item.name}` })
  class PageSchema implements Page<V> {
    @ApiProperty({ type: () => [item] })
    items!: V[];

    @ApiProperty({ type: 'integer', minimum: 0, description: 'Every record the filter matches, not only this page' })
    total!: number;

    @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE })
    page!: number;

    @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })
    pageSize!: number;
  }
  pageSchemas.set(item, PageSchema);
  return PageSchema;
}
