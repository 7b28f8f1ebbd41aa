import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsAbsentOr, IsBoundedDate, IsRecordVersion, IsUuid, PageQueryDto, POSTGRES_INTEGER_MAX, Trimmed } from '@app/core';
import { CASE_CATEGORIES, URGENCIES } from '@app/identity';
import { AUTHORITIES, CASE_OUTCOMES, CASE_SENSITIVE_FIELDS, CASE_STATUSES, INTAKE_CHANNELS, SUBJECT_ROLES } from '../vocabulary';
import { CreatePersonDto, NoBidiControls } from './person.dto';
import { AUTHORITY_ENUM, CASE_STATUS_ENUM, CATEGORY_ENUM, INTAKE_CHANNEL_ENUM, OUTCOME_ENUM, SUBJECT_ROLE_ENUM, URGENCY_ENUM } from './schema-enums';

/** The hard ceiling of any narrative; the configured limit (CASE_NARRATIVE_MAX_CHARS) is at most this. */
export const NARRATIVE_CEILING = 50000;
const VERSION = { type: 'integer', minimum: 1, maximum: POSTGRES_INTEGER_MAX, description: 'The version the change is based on' } as const;
const REASON = { type: String, minLength: 3, maxLength: 2000, description: 'Free text, stored encrypted on the case; never in the audit trail' } as const;
const REFERENCE = /^CP-\d{4}-\d{6}$/;
const OPENED = { type: String, format: 'date-time', description: 'Between 2000-01-01 and 2200-01-01' } as const;

/** A subject of a new or existing case: an existing person of the unit, or a new one inline. */
export class SubjectInputDto {
  @ApiProperty(SUBJECT_ROLE_ENUM) @IsIn(SUBJECT_ROLES) role!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'An existing person (from the duplicate suggestions); or `person`' })
  @IsAbsentOr()
  @IsUuid()
  personId?: string;

  @ApiPropertyOptional({ type: () => CreatePersonDto, description: 'A new person; or `personId`' })
  @IsAbsentOr()
  @ValidateNested()
  @Type(() => CreatePersonDto)
  person?: CreatePersonDto;
}

export class CreateCaseDto {
  @ApiProperty(CATEGORY_ENUM) @IsIn(CASE_CATEGORIES) category!: string;
  @ApiProperty(URGENCY_ENUM) @IsIn(URGENCIES) urgency!: string;
  @ApiProperty(INTAKE_CHANNEL_ENUM) @IsIn(INTAKE_CHANNELS) intakeChannel!: string;

  @ApiProperty({ minLength: 3, maxLength: 120, description: 'Short and non-sensitive: lists show it. It must not name a subject.' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(120)
  @NoBidiControls()
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NARRATIVE_CEILING, description: 'Sensitive; encrypted at rest' })
  @IsOptional()
  @IsString()
  @MaxLength(NARRATIVE_CEILING)
  narrative?: string | null;

  @ApiProperty({ type: () => [SubjectInputDto], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SubjectInputDto)
  subjects!: SubjectInputDto[];

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'A desk officer or supervisor of your unit (supervisors only); yourself by default' })
  @IsAbsentOr()
  @IsUuid()
  assignedOfficerId?: string;
}

export class UpdateCaseDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiPropertyOptional(CATEGORY_ENUM) @IsAbsentOr() @IsIn(CASE_CATEGORIES) category?: string;
  @ApiPropertyOptional(URGENCY_ENUM) @IsAbsentOr() @IsIn(URGENCIES) urgency?: string;
  @ApiPropertyOptional(INTAKE_CHANNEL_ENUM) @IsAbsentOr() @IsIn(INTAKE_CHANNELS) intakeChannel?: string;

  @ApiPropertyOptional({ type: String, minLength: 3, maxLength: 120 })
  @IsAbsentOr()
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(120)
  @NoBidiControls()
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NARRATIVE_CEILING })
  @IsOptional()
  @IsString()
  @MaxLength(NARRATIVE_CEILING)
  narrative?: string | null;
}

export class RevealCaseDto {
  @ApiProperty({ enum: [...CASE_SENSITIVE_FIELDS], enumName: 'CaseSensitiveField', isArray: true, minItems: 1, maxItems: 1, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ArrayUnique()
  @IsIn(CASE_SENSITIVE_FIELDS, { each: true })
  fields!: string[];
}

export class AddSubjectDto extends SubjectInputDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
}

export class RemoveSubjectDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiProperty(REASON) @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class CloseCaseDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiProperty(OUTCOME_ENUM) @IsIn(CASE_OUTCOMES) outcome!: string;
}

export class ReopenCaseDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiProperty(REASON) @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class EscalateCaseDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiProperty(AUTHORITY_ENUM) @IsIn(AUTHORITIES) authority!: string;
  @ApiProperty(REASON) @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class ReassignCaseDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiProperty({ type: String, format: 'uuid' }) @IsUuid() assignedOfficerId!: string;
}

const SORT = { enum: ['opened_at_desc', 'opened_at_asc', 'urgency_desc', 'reference_asc'], enumName: 'CaseSort', default: 'opened_at_desc' } as const;

/** Filters only: identifying terms (names, phones, documents) are searched by POST, never put in a URL. */
export class ListCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional(CASE_STATUS_ENUM) @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @ApiPropertyOptional(CATEGORY_ENUM) @IsOptional() @IsIn(CASE_CATEGORIES) category?: string;
  @ApiPropertyOptional(URGENCY_ENUM) @IsOptional() @IsIn(URGENCIES) urgency?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @IsUuid() assignedOfficerId?: string;
  @ApiPropertyOptional(OPENED) @IsOptional() @IsBoundedDate() openedFrom?: Date;
  @ApiPropertyOptional(OPENED) @IsOptional() @IsBoundedDate() openedTo?: Date;
  @ApiPropertyOptional(SORT) @IsOptional() @IsIn(SORT.enum) sort?: string;
}

/** A case search: exact terms, a name, and the list's filters; paged and sorted. */
export class CaseSearchDto {
  @ApiPropertyOptional({ type: String, pattern: REFERENCE.source })
  @IsAbsentOr()
  @Matches(REFERENCE, { message: 'reference looks like CP-2026-000042' })
  reference?: string;
  @ApiPropertyOptional({ type: String, minLength: 4, maxLength: 40 }) @IsAbsentOr() @IsString() @MinLength(4) @MaxLength(40) documentNumber?: string;
  @ApiPropertyOptional({ type: String, minLength: 4, maxLength: 32 }) @IsAbsentOr() @IsString() @MinLength(4) @MaxLength(32) phone?: string;

  @ApiPropertyOptional({ type: String, minLength: 2, maxLength: 200 })
  @IsAbsentOr()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @NoBidiControls()
  name?: string;

  @ApiPropertyOptional({ ...CASE_STATUS_ENUM, isArray: true, maxItems: 5, uniqueItems: true })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(CASE_STATUSES, { each: true })
  status?: string[];

  @ApiPropertyOptional({ ...CATEGORY_ENUM, isArray: true, maxItems: 9, uniqueItems: true })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(9)
  @ArrayUnique()
  @IsIn(CASE_CATEGORIES, { each: true })
  category?: string[];

  @ApiPropertyOptional({ ...URGENCY_ENUM, isArray: true, maxItems: 4, uniqueItems: true })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(URGENCIES, { each: true })
  urgency?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsAbsentOr() @IsUuid() assignedOfficerId?: string;
  @ApiPropertyOptional(OPENED) @IsAbsentOr() @IsBoundedDate() openedFrom?: Date;
  @ApiPropertyOptional(OPENED) @IsAbsentOr() @IsBoundedDate() openedTo?: Date;
  @ApiPropertyOptional(SORT) @IsAbsentOr() @IsIn(SORT.enum) sort?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000, default: 1 }) @IsAbsentOr() @IsInt() @Min(1) @Max(100000) page = 1;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 }) @IsAbsentOr() @IsInt() @Min(1) @Max(100) pageSize = 50;
}
