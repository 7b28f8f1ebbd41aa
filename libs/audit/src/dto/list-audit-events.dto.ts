import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxDate, MaxLength, Min, MinDate, MinLength } from 'class-validator';
import { IsAbsentOr, IsUuid, MAX_PAGE, MAX_PAGE_SIZE, PageQueryDto } from '@app/core';
import { SEARCH_TERM_KINDS } from '../search-terms';

/** Dates a JavaScript Date accepts but PostgreSQL does not (year -271821) would be a 500: bound them. */
const EARLIEST_EVENT_TIME = new Date('2000-01-01T00:00:00Z');
const LATEST_EVENT_TIME = new Date('2200-01-01T00:00:00Z');
const ACTION_PATTERN = /^[a-z_]+\.[a-z_]+$/;
const OBJECT_TYPE_PATTERN = /^[a-z_]+$/;
const OBJECT_ID_PATTERN = /^[A-Za-z0-9-]+$/;
const EVENT_TIME = {
  type: String,
  format: 'date-time',
  description: `Between ${EARLIEST_EVENT_TIME.toISOString()} and ${LATEST_EVENT_TIME.toISOString()}`,
} as const;

export class ListAuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() actorUserId?: string;

  @ApiPropertyOptional({ pattern: ACTION_PATTERN.source, example: 'sign_in.failed' })
  @IsOptional()
  @Matches(ACTION_PATTERN, { message: 'action must look like referral.accepted' })
  action?: string;

  @ApiPropertyOptional({ pattern: OBJECT_TYPE_PATTERN.source, example: 'user' })
  @IsOptional()
  @Matches(OBJECT_TYPE_PATTERN, { message: 'objectType must be lower case letters and _' })
  objectType?: string;

  @ApiPropertyOptional({ maxLength: 100, pattern: OBJECT_ID_PATTERN.source })
  @IsOptional()
  @MaxLength(100)
  @Matches(OBJECT_ID_PATTERN, { message: 'objectId must be an id' })
  objectId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() caseId?: string;

  @ApiPropertyOptional({ ...EVENT_TIME, description: `From this time on (inclusive). ${EVENT_TIME.description}` })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST_EVENT_TIME)
  @MaxDate(LATEST_EVENT_TIME)
  from?: Date;

  @ApiPropertyOptional({ ...EVENT_TIME, description: `Before this time (exclusive). ${EVENT_TIME.description}` })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST_EVENT_TIME)
  @MaxDate(LATEST_EVENT_TIME)
  to?: Date;
}

/** An auditor's question "who searched for this phone, QID, name or reference": the term is hashed on the server, never stored. */
export class AuditTermSearchDto {
  @ApiProperty({ enum: [...SEARCH_TERM_KINDS], enumName: 'SearchTermKind' }) @IsIn(SEARCH_TERM_KINDS) kind!: string;
  @ApiProperty({ minLength: 2, maxLength: 200 }) @IsString() @MinLength(2) @MaxLength(200) term!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 }) @IsAbsentOr() @IsInt() @Min(1) @Max(MAX_PAGE) page = 1;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsAbsentOr()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize = 50;
}
