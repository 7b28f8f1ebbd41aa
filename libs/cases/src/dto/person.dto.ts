import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { IsAbsentOr, IsRecordVersion, POSTGRES_INTEGER_MAX } from '@app/core';
import { DOCUMENT_TYPES, PERSON_SENSITIVE_FIELDS, SEXES } from '../vocabulary';
import { DOCUMENT_TYPE_ENUM, SEX_ENUM } from './schema-enums';

/** Embedding, override and isolate controls (U+202A–202E, U+2066–2069) can make a name or title read as another: refused. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
export const NoBidiControls = (): PropertyDecorator =>
  ValidateBy({
    name: 'bidiControl',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !BIDI_CONTROLS.test(value),
      defaultMessage: (args) => `${args?.property} must not contain bidirectional embedding, override or isolate characters`,
    },
  });

/** At least one letter: a name of spaces, zero-width or direction marks alone would show as nothing. */
const HAS_LETTER = /\p{L}/u;
const HasLetter = (): PropertyDecorator =>
  ValidateBy({
    name: 'hasLetter',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || HAS_LETTER.test(value),
      defaultMessage: (args) => `${args?.property} must contain a letter`,
    },
  });

/** A name: 1–200 characters of text with a letter in it, no bidi controls. */
const IsName = () => applyDecorators(IsString(), MinLength(1), MaxLength(200), NoBidiControls(), HasLetter());
const NAME = { type: String, minLength: 1, maxLength: 200, nullable: true } as const;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const COUNTRY = /^[A-Z]{2}$/;
const SAFE_HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

export class DocumentDto {
  @ApiProperty(DOCUMENT_TYPE_ENUM) @IsIn(DOCUMENT_TYPES) type!: string;

  @ApiProperty({ minLength: 4, maxLength: 40, description: 'Qatar ID: 11 digits starting with 2 or 3 (Arabic-Indic digits accepted)' })
  @IsString()
  @MinLength(4)
  @MaxLength(40)
  number!: string;
}

/** Safe-contact instructions: how (and whether) the person may be reached without putting them at risk. */
export class SafeContactDto {
  @ApiProperty({ description: 'Whether calling the phone numbers is safe' }) @IsBoolean() callSafe!: boolean;
  @ApiProperty({ description: 'Whether messages to the phone numbers are safe' }) @IsBoolean() messageSafe!: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: SAFE_HOURS.source, description: 'Safe hours, e.g. 09:00-12:00, in the unit’s time zone' })
  @IsOptional()
  @Matches(SAFE_HOURS, { message: 'safeHours must look like 09:00-12:00' })
  safeHours?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, description: 'Free text, encrypted at rest (e.g. "her husband reads her messages")' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

/** A person's fields but sex, which creating requires and a PATCH may leave out. */
class PersonFieldsDto {
  @ApiPropertyOptional({ ...NAME, description: 'Name in Arabic script (this or nameLatin, or both)' })
  @IsOptional()
  @IsName()
  nameAr?: string | null;

  @ApiPropertyOptional({ ...NAME, description: 'Name in Latin script, as on a passport' })
  @IsOptional()
  @IsName()
  nameLatin?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: ISO_DATE.source, description: 'YYYY-MM-DD; not with statedAge' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'birthDate must be a date as YYYY-MM-DD' })
  birthDate?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 130, description: 'Approximate age, stored with the date it was stated' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(130)
  statedAge?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: COUNTRY.source, description: 'ISO 3166-1 alpha-2 country code' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'nationality must be a two-letter country code' })
  @IsISO31661Alpha2()
  nationality?: string | null;

  @ApiPropertyOptional({ type: () => DocumentDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DocumentDto)
  document?: DocumentDto | null;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 32 },
    maxItems: 5,
    uniqueItems: true,
    description: 'Local or international format; stored as E.164',
  })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  phones?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) address?: string | null;

  @ApiPropertyOptional({ type: () => SafeContactDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SafeContactDto)
  safeContact?: SafeContactDto | null;
}

export class CreatePersonDto extends PersonFieldsDto {
  @ApiProperty(SEX_ENUM) @IsIn(SEXES) sex!: string;
}

/** The fields a PATCH names change (null clears a clearable one); `version` guards against lost updates. */
export class UpdatePersonDto extends PersonFieldsDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: POSTGRES_INTEGER_MAX, description: 'The version the change is based on' })
  @IsRecordVersion()
  version!: number;

  @ApiPropertyOptional(SEX_ENUM) @IsAbsentOr() @IsIn(SEXES) sex?: string;
}

export class RevealPersonDto {
  @ApiProperty({ enum: [...PERSON_SENSITIVE_FIELDS], enumName: 'PersonSensitiveField', isArray: true, minItems: 1, maxItems: 4, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(PERSON_SENSITIVE_FIELDS, { each: true })
  fields!: string[];
}

/** Exact terms (document number or phone) or a name; terms travel in the body, never in a URL. */
export class PersonSearchDto {
  @ApiPropertyOptional({ type: String, minLength: 2, maxLength: 200, description: 'A name in either script (fuzzy)' })
  @IsAbsentOr()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @NoBidiControls()
  name?: string;

  @ApiPropertyOptional({ type: String, minLength: 4, maxLength: 40 }) @IsAbsentOr() @IsString() @MinLength(4) @MaxLength(40) documentNumber?: string;
  @ApiPropertyOptional({ type: String, minLength: 4, maxLength: 32 }) @IsAbsentOr() @IsString() @MinLength(4) @MaxLength(32) phone?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 }) @IsAbsentOr() @IsInt() @Min(1) @Max(100) pageSize = 20;
}

/** What the officer has typed so far for a new person. */
export class PersonSuggestionsDto {
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 200 }) @IsAbsentOr() @IsName() nameAr?: string;
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 200 }) @IsAbsentOr() @IsName() nameLatin?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1900, maximum: 2100, description: 'Birth year, if known' })
  @IsAbsentOr()
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear?: number;

  @ApiPropertyOptional({ type: () => DocumentDto })
  @IsAbsentOr()
  @ValidateNested()
  @Type(() => DocumentDto)
  document?: DocumentDto;

  @ApiPropertyOptional({ type: String, minLength: 4, maxLength: 32 }) @IsAbsentOr() @IsString() @MinLength(4) @MaxLength(32) phone?: string;
}
