import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
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
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsRecordVersion, PageQueryDto, Role } from '@app/core';
import { UnitKind } from '../permissions';
import { CASE_CATEGORIES, CENTRE_SERVICES } from '../vocabulary';

/** Bounds input size before argon2 sees it; the 12–128 character rule is checked by the password service. */
const PASSWORD_INPUT_MAX = 512;

export class SignInDto {
  @IsString() @MinLength(1) @MaxLength(200) username!: string;
  @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) password!: string;
}

export class SecondFactorDto {
  @ApiPropertyOptional({ description: 'Six-digit code from the authenticator app' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'One of the recovery codes shown at enrolment (each works once)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F-]{16,24}$/, { message: 'recoveryCode is not in the right format' })
  recoveryCode?: string;
}

export class ConfirmEnrolmentDto {
  @Matches(/^\d{6}$/, { message: 'code must be six digits' }) code!: string;
}

export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) currentPassword!: string;
  @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) newPassword!: string;
}

export class AcceptanceHoursDto {
  @IsInt() @Min(1) @Max(720) low!: number;
  @IsInt() @Min(1) @Max(720) medium!: number;
  @IsInt() @Min(1) @Max(720) high!: number;
  @IsInt() @Min(1) @Max(720) critical!: number;
}

/** Present and valid, or absent: `null` is refused (unlike @IsOptional), for fields that cannot be cleared. */
const IsAbsentOr = () => ValidateIf((_object, value) => value !== undefined);

export class CreateUnitDto {
  @IsEnum(UnitKind) kind!: UnitKind;
  @Matches(/^[A-Z0-9-]{2,32}$/, { message: 'code must be 2-32 upper-case letters, digits or dashes' }) code!: string;
  @IsString() @MinLength(1) @MaxLength(200) nameAr!: string;
  @IsString() @MinLength(1) @MaxLength(200) nameEn!: string;
  @IsOptional() @IsUUID() parentId?: string;
  @IsAbsentOr() @IsString() @Matches(/^[A-Za-z]+\/[A-Za-z_]+$/, { message: 'timeZone must be an IANA zone such as Asia/Qatar' }) timeZone?: string;
  @IsAbsentOr() @IsArray() @ArrayUnique() @IsIn(CENTRE_SERVICES, { each: true }) services?: string[];
  @IsAbsentOr() @IsArray() @ArrayUnique() @IsIn(CASE_CATEGORIES, { each: true }) caseCategories?: string[];
  @IsOptional() @IsString() @MaxLength(300) officeLocation?: string;
  @IsOptional() @ValidateNested() @Type(() => AcceptanceHoursDto) acceptanceHours?: AcceptanceHoursDto;
}

/**
 * Everything but kind and code may change; `version` guards against lost updates. Only the parent,
 * the office and the deadlines can be cleared with `null`; a name or a list cannot.
 */
export class UpdateUnitDto extends PartialType(OmitType(CreateUnitDto, ['kind', 'code', 'parentId', 'officeLocation', 'acceptanceHours'] as const), {
  skipNullProperties: false,
}) {
  @IsRecordVersion() version!: number;
  @IsAbsentOr() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID() parentId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(300) officeLocation?: string | null;
  @ApiPropertyOptional({ nullable: true, type: () => AcceptanceHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AcceptanceHoursDto)
  acceptanceHours?: AcceptanceHoursDto | null;
}

export class ListUnitsQueryDto extends PageQueryDto {
  @IsOptional() @IsEnum(UnitKind) kind?: UnitKind;
}

export class CreateUserDto {
  @Matches(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'username must be 3-64 letters, digits, dots, dashes or underscores' }) username!: string;
  @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
  @IsUUID() unitId!: string;
  @ApiProperty({ enum: Role, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles!: Role[];
  @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) temporaryPassword!: string;
}

export class VersionDto {
  @IsRecordVersion() version!: number;
}

export class UpdateUserDto extends VersionDto {
  @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
}

export class SetRolesDto extends VersionDto {
  @ApiProperty({ enum: Role, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles!: Role[];
}

export class ResetPasswordDto extends VersionDto {
  @IsString() @MinLength(1) @MaxLength(PASSWORD_INPUT_MAX) temporaryPassword!: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional() @IsUUID() unitId?: string;
}

export class ListApprovalsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';
}
