import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsAbsentOr, IsBoundedDate, IsRecordVersion, IsUuid, PageQueryDto, POSTGRES_INTEGER_MAX, Trimmed } from '@app/core';
import {
  CENTRE_SERVICES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  DATA_CATEGORIES,
  LEGAL_BASES,
  LEGAL_BASIS_STATUSES,
  MINOR_VIEWS,
  WITHDRAWAL_REPORTERS,
} from '../vocabulary';

export const CENTRE_SERVICE_ENUM = { enum: [...CENTRE_SERVICES], enumName: 'CentreService' };
export const DATA_CATEGORY_ENUM = { enum: [...DATA_CATEGORIES], enumName: 'DataCategory' };
export const CONSENT_GIVER_ENUM = { enum: [...CONSENT_GIVERS], enumName: 'ConsentGiver' };
export const CONSENT_METHOD_ENUM = { enum: [...CONSENT_METHODS], enumName: 'ConsentMethod' };
export const MINOR_VIEW_ENUM = { enum: [...MINOR_VIEWS], enumName: 'MinorView' };
export const WITHDRAWAL_REPORTER_ENUM = { enum: [...WITHDRAWAL_REPORTERS], enumName: 'WithdrawalReporter' };
export const LEGAL_BASIS_ENUM = { enum: [...LEGAL_BASES], enumName: 'LegalBasisKind' };
export const LEGAL_BASIS_STATUS_ENUM = { enum: [...LEGAL_BASIS_STATUSES], enumName: 'LegalBasisStatus' };

const VERSION = { type: 'integer', minimum: 1, maximum: POSTGRES_INTEGER_MAX, description: 'The version the decision is based on' } as const;
const TEXT = (what: string) => ({
  type: String,
  minLength: 3,
  maxLength: 2000,
  description: `${what}: stored encrypted on the record, never in the audit trail`,
});
const FreeText = () => applyDecorators(Trimmed(), IsString(), MinLength(3), MaxLength(2000));
/** A non-empty list of distinct words from `values` (services, data categories, field names). */
const IsSubsetOf = (values: readonly string[]) =>
  applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(values.length), ArrayUnique(), IsIn(values, { each: true }));
const Categories = () => IsSubsetOf(DATA_CATEGORIES);
const Services = () => IsSubsetOf(CENTRE_SERVICES);
const EXPIRY = { type: String, format: 'date-time', description: 'Must lie in the future' } as const;

/** Which centres a consent covers: `any`, or the named ones. */
export class ConsentCentresDto {
  @ApiProperty({ description: 'Any partner centre (then `centreIds` is empty)' }) @IsBoolean() any!: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 20, uniqueItems: true })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUuid({ each: true })
  centreIds?: string[];
}

/** A consent as the officer records it; a change to an existing one names it in `supersedes`. */
export class RecordConsentDto {
  @ApiProperty({ type: String, format: 'uuid', description: 'The case subject the consent covers' }) @IsUuid() subjectId!: string;
  @ApiProperty(CONSENT_GIVER_ENUM) @IsIn(CONSENT_GIVERS) givenBy!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'For a minor: the guardian subject of this case who consents' })
  @IsAbsentOr()
  @IsUuid()
  guardianSubjectId?: string;

  @ApiPropertyOptional({ ...MINOR_VIEW_ENUM, description: 'A minor aged 15 or more, heard beside the guardian: dissent blocks sharing' })
  @IsAbsentOr()
  @IsIn(MINOR_VIEWS)
  minorView?: string;

  @ApiProperty({ type: () => ConsentCentresDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentCentresDto)
  centres!: ConsentCentresDto;
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true, minItems: 1, maxItems: CENTRE_SERVICES.length, uniqueItems: true }) @Services() services!: string[];
  @ApiProperty({ ...DATA_CATEGORY_ENUM, isArray: true, minItems: 1, maxItems: DATA_CATEGORIES.length, uniqueItems: true })
  @Categories()
  dataCategories!: string[];
  @ApiProperty(CONSENT_METHOD_ENUM) @IsIn(CONSENT_METHODS) method!: string;

  @ApiProperty({ type: String, pattern: '^[a-z]{2,3}$', description: 'The language it was explained in (ISO 639), e.g. `ar`, `en`, `ur`' })
  @Matches(/^[a-z]{2,3}$/)
  language!: string;

  @ApiPropertyOptional(EXPIRY) @IsAbsentOr() @IsBoundedDate() expiresAt?: Date;
  @ApiPropertyOptional(TEXT('A note')) @IsAbsentOr() @FreeText() note?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'The current record this one replaces' })
  @IsAbsentOr()
  @IsUuid()
  supersedes?: string;
}

export class WithdrawConsentDto {
  @ApiProperty({ ...WITHDRAWAL_REPORTER_ENUM, description: 'Who told the police' }) @IsIn(WITHDRAWAL_REPORTERS) reportedBy!: string;
  @ApiProperty(TEXT('The reason')) @FreeText() reason!: string;
}

export class RequestLegalBasisDto {
  @ApiProperty(LEGAL_BASIS_ENUM) @IsIn(LEGAL_BASES) basis!: string;
  @ApiProperty(TEXT('The justification')) @FreeText() justification!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 20, uniqueItems: true, description: 'The case subjects it covers' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUuid({ each: true })
  subjectIds!: string[];

  @ApiProperty({ ...DATA_CATEGORY_ENUM, isArray: true, minItems: 1, maxItems: DATA_CATEGORIES.length, uniqueItems: true })
  @Categories()
  dataCategories!: string[];
  @ApiProperty(EXPIRY) @IsBoundedDate() expiresAt!: Date;
}

export class ApproveLegalBasisDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
}

export class RejectLegalBasisDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiProperty(TEXT('The reason')) @FreeText() reason!: string;
}

export class ListLegalBasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...LEGAL_BASIS_STATUS_ENUM, default: 'pending' }) @IsOptional() @IsIn(LEGAL_BASIS_STATUSES) status?: string;
}

const CONSENT_TEXT_FIELDS = ['note', 'withdrawalReason'] as const;
const LEGAL_BASIS_TEXT_FIELDS = ['justification', 'rejectionReason'] as const;
export type ConsentTextField = (typeof CONSENT_TEXT_FIELDS)[number];
export type LegalBasisTextField = (typeof LEGAL_BASIS_TEXT_FIELDS)[number];

export class RevealConsentDto {
  @ApiProperty({
    enum: [...CONSENT_TEXT_FIELDS],
    enumName: 'ConsentTextField',
    isArray: true,
    minItems: 1,
    maxItems: CONSENT_TEXT_FIELDS.length,
    uniqueItems: true,
  })
  @IsSubsetOf(CONSENT_TEXT_FIELDS)
  fields!: ConsentTextField[];
}

export class RevealLegalBasisDto {
  @ApiProperty({
    enum: [...LEGAL_BASIS_TEXT_FIELDS],
    enumName: 'LegalBasisTextField',
    isArray: true,
    minItems: 1,
    maxItems: LEGAL_BASIS_TEXT_FIELDS.length,
    uniqueItems: true,
  })
  @IsSubsetOf(LEGAL_BASIS_TEXT_FIELDS)
  fields!: LegalBasisTextField[];
}

export class SharingSubjectDto {
  @ApiProperty({ type: String, format: 'uuid' }) @IsUuid() subjectId!: string;
  @ApiProperty({ ...DATA_CATEGORY_ENUM, isArray: true, minItems: 1, maxItems: DATA_CATEGORIES.length, uniqueItems: true }) @Categories() categories!: string[];
}

/** What a referral would carry: to which centre, for which services, which categories of which subjects. */
export class SharingCheckDto {
  @ApiProperty({ type: String, format: 'uuid' }) @IsUuid() centreId!: string;
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true, minItems: 1, maxItems: CENTRE_SERVICES.length, uniqueItems: true }) @Services() services!: string[];

  @ApiProperty({ type: () => [SharingSubjectDto], minItems: 1, maxItems: 20, uniqueItems: true, description: 'Each subject once (by subjectId)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ArrayUnique((subject: SharingSubjectDto) => subject?.subjectId)
  @ValidateNested({ each: true })
  @Type(() => SharingSubjectDto)
  subjects!: SharingSubjectDto[];
}
