import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?page=1&pageSize=50`; more than 100 a page is a 400, never silently clamped. */
export class PageQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize = 50;
}

/** The one list shape: `{items, total, page, pageSize}`, items through their view mapper. */
export const toPage = <T, V>(result: { items: T[]; total: number }, query: PageQueryDto, view: (item: T) => V) => ({
  items: result.items.map(view),
  total: result.total,
  page: query.page,
  pageSize: query.pageSize,
});
