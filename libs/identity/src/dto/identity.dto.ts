import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
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
import { IsAbsentOr, IsRecordVersion, IsUuid, PageQueryDto, POSTGRES_INTEGER_MAX, Role, USER_ROLES } from '@app/core';
import { APPROVAL_STATUSES, ApprovalStatus } from '../approval.repository';
import { UnitKind } from '../permissions';
import { CASE_CATEGORIES, CENTRE_SERVICES, URGENCIES } from '../vocabulary';
import { APPROVAL_STATUS_ENUM, CASE_CATEGORY_ENUM, CENTRE_SERVICE_ENUM, ROLE_ENUM, UNIT_KIND_ENUM, URGENCY_ENUM } from './schema-enums';

/*
 * Each field's @ApiProperty says what its validators enforce (type, bounds, pattern, enum, required);
 * test/api/openapi-document.e2e-spec.ts compares the two, so they cannot drift apart.
 */

/** Bounds input size before argon2 sees it; the 12–128 character rule is checked by the password service. */
const PASSWORD_INPUT_MAX = 512;
const PASSWORD = { minLength: 1, maxLength: PASSWORD_INPUT_MAX, format: 'password' } as const;
const VERSION = { type: 'integer', minimum: 1, maximum: POSTGRES_INTEGER_MAX, description: 'The version the change is based on' } as const;
const USERNAME_PATTERN = /^[a-zA-Z0-9._-]{3,64}$/;
const UNIT_CODE_PATTERN = /^[A-Z0-9-]{2,32}$/;
const TIME_ZONE_PATTERN = /^[A-Za-z]+\/[A-Za-z_]+$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const OfficeTime = (what: string) =>
  applyDecorators(
    ApiPropertyOptional({ pattern: TIME_OF_DAY.source, example: what === 'opens' ? '07:00' : '14:00', description: `Local time the office ${what}; not null` }),
    IsAbsentOr(),
    Matches(TIME_OF_DAY, { message: `office${what === 'opens' ? 'Opens' : 'Closes'} must be a time of day such as 07:00` }),
  );
const SIX_DIGITS = /^\d{6}$/;
const RECOVERY_CODE_PATTERN = /^[0-9a-fA-F-]{16,24}$/;
const ACCEPTANCE_HOURS = { type: 'integer', minimum: 1, maximum: 720, description: 'Office hours' } as const;

export class SignInDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) username!: string;
  @ApiProperty(PASSWORD) @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) password!: string;
}

/** One of the two: a code from the authenticator app, or a recovery code. */
export class SecondFactorDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Six-digit code from the authenticator app', pattern: SIX_DIGITS.source })
  @IsOptional()
  @Matches(SIX_DIGITS, { message: 'code must be six digits' })
  code?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'One of the recovery codes shown at enrolment (each works once)',
    pattern: RECOVERY_CODE_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(RECOVERY_CODE_PATTERN, { message: 'recoveryCode is not in the right format' })
  recoveryCode?: string;
}

export class StartEnrolmentDto {
  @ApiPropertyOptional({ ...PASSWORD, description: 'Required once signed in (stage active): the current password again' })
  @IsAbsentOr()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  currentPassword?: string;
}

export class ConfirmEnrolmentDto {
  @ApiProperty({ description: 'Six-digit code from the newly enrolled app', pattern: SIX_DIGITS.source })
  @Matches(SIX_DIGITS, { message: 'code must be six digits' })
  code!: string;
}

export class ChangePasswordDto {
  @ApiProperty(PASSWORD) @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) currentPassword!: string;
  @ApiProperty({ ...PASSWORD, description: '12–128 characters, not weak or common (else 400 or 422 WEAK_PASSWORD)' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  newPassword!: string;
}

/** Office hours a centre has to accept a referral, per urgency. */
@ApiSchema({ name: 'AcceptanceHours' })
export class AcceptanceHoursDto {
  @ApiProperty(ACCEPTANCE_HOURS) @IsInt() @Min(1) @Max(720) low!: number;
  @ApiProperty(ACCEPTANCE_HOURS) @IsInt() @Min(1) @Max(720) medium!: number;
  @ApiProperty(ACCEPTANCE_HOURS) @IsInt() @Min(1) @Max(720) high!: number;
  @ApiProperty(ACCEPTANCE_HOURS) @IsInt() @Min(1) @Max(720) critical!: number;
}

export class CreateUnitDto {
  @ApiProperty(UNIT_KIND_ENUM) @IsEnum(UnitKind) kind!: UnitKind;

  @ApiProperty({ pattern: UNIT_CODE_PATTERN.source, example: 'DOHA-CP-01' })
  @Matches(UNIT_CODE_PATTERN, { message: 'code must be 2-32 upper-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) nameAr!: string;
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) nameEn!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUuid() parentId?: string;

  @ApiPropertyOptional({ pattern: TIME_ZONE_PATTERN.source, default: 'Asia/Qatar', description: 'IANA time zone; not null' })
  @IsAbsentOr()
  @IsString()
  @Matches(TIME_ZONE_PATTERN, { message: 'timeZone must be an IANA zone such as Asia/Qatar' })
  timeZone?: string;

  @ApiPropertyOptional({ ...CENTRE_SERVICE_ENUM, isArray: true, uniqueItems: true, description: 'Partner centres only; not null' })
  @IsAbsentOr()
  @IsArray()
  @ArrayUnique()
  @IsIn(CENTRE_SERVICES, { each: true })
  services?: string[];

  @ApiPropertyOptional({ ...CASE_CATEGORY_ENUM, isArray: true, uniqueItems: true, description: 'Partner centres only; not null' })
  @IsAbsentOr()
  @IsArray()
  @ArrayUnique()
  @IsIn(CASE_CATEGORIES, { each: true })
  caseCategories?: string[];

  @ApiPropertyOptional({ type: String, maxLength: 300, nullable: true }) @IsOptional() @IsString() @MaxLength(300) officeLocation?: string;

  @ApiPropertyOptional({ type: () => AcceptanceHoursDto, nullable: true, description: 'Partner centres only' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AcceptanceHoursDto)
  acceptanceHours?: AcceptanceHoursDto;

  @OfficeTime('opens') officeOpens?: string;
  @OfficeTime('closes') officeCloses?: string;

  @ApiPropertyOptional({ ...URGENCY_ENUM, isArray: true, uniqueItems: true, description: 'Urgencies counted in calendar hours (default critical); not null' })
  @IsAbsentOr()
  @IsArray()
  @ArrayUnique()
  @IsIn(URGENCIES, { each: true })
  calendarHoursUrgencies?: string[];
}

/**
 * Everything but kind and code may change; `version` guards against lost updates. Only the parent,
 * the office and the deadlines can be cleared with `null`; a name or a list cannot.
 */
export class UpdateUnitDto extends PartialType(OmitType(CreateUnitDto, ['kind', 'code', 'parentId', 'officeLocation', 'acceptanceHours'] as const), {
  skipNullProperties: false,
}) {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
  @ApiPropertyOptional({ description: 'Not null' }) @IsAbsentOr() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) @IsOptional() @IsUuid() parentId?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 300, nullable: true }) @IsOptional() @IsString() @MaxLength(300) officeLocation?: string | null;
  @ApiPropertyOptional({ nullable: true, type: () => AcceptanceHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AcceptanceHoursDto)
  acceptanceHours?: AcceptanceHoursDto | null;
}

export class ListUnitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional(UNIT_KIND_ENUM) @IsOptional() @IsEnum(UnitKind) kind?: UnitKind;
}

const ROLES = { ...ROLE_ENUM, isArray: true, minItems: 1, maxItems: USER_ROLES.length, uniqueItems: true } as const;

/** A user's roles: at least one, each a known role, none twice. */
const IsRoleSet = () => applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(USER_ROLES.length), ArrayUnique(), IsEnum(Role, { each: true }));

export class CreateUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source, description: 'Stored in lower case', example: 'officer.doha' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
  @ApiProperty({ format: 'uuid' }) @IsUuid() unitId!: string;

  @ApiProperty({ ...ROLES, description: 'Roles that fit the unit; auditor or administrator waits for a second administrator (202)' })
  @IsRoleSet()
  roles!: Role[];

  @ApiProperty({ ...PASSWORD, description: '12–128 characters, not weak or common; the user changes it at first sign-in' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  temporaryPassword!: string;
}

export class VersionDto {
  @ApiProperty(VERSION) @IsRecordVersion() version!: number;
}

export class UpdateUserDto extends VersionDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
}

export class SetRolesDto extends VersionDto {
  @ApiProperty({ ...ROLES, description: 'The whole new set; adding auditor or administrator waits for a second administrator (202)' })
  @IsRoleSet()
  roles!: Role[];
}

export class ResetPasswordDto extends VersionDto {
  @ApiProperty({ ...PASSWORD, description: '12–128 characters, not weak or common; the user changes it at next sign-in' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  temporaryPassword!: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() unitId?: string;
}

export class ListApprovalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional(APPROVAL_STATUS_ENUM) @IsOptional() @IsIn(APPROVAL_STATUSES) status?: ApprovalStatus;
}

export class ApproveDto {
  @ApiPropertyOptional({
    ...PASSWORD,
    description:
      "Required for an account creation or a password reset: the approver's part of the new temporary password (8–64 characters), which follows the requester's part. Each tells the person their part; neither knows the whole.",
  })
  @IsAbsentOr()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_INPUT_MAX)
  temporaryPasswordPart?: string;
}
