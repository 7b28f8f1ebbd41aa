import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsAbsentOr, IsUuid, PageQueryDto, Trimmed } from '@app/core';
import { CENTRE_SERVICE_ENUM, URGENCY_ENUM } from '@app/identity';
import { REFERRAL_STATES } from '../lifecycle';
import {
  CENTRE_SERVICES,
  DECLINE_REASONS,
  FIELD_CATEGORIES,
  POLICE_WITHDRAWAL_REASONS,
  REFERRAL_OUTCOMES,
  REVEALABLE_FIELDS,
  SharedField,
  URGENCIES,
} from '../vocabulary';

export const SHARED_FIELDS = Object.keys(FIELD_CATEGORIES) as SharedField[];
export const SHARED_FIELD_ENUM = { enum: SHARED_FIELDS, enumName: 'SharedField' };
export const REFERRAL_STATE_ENUM = { enum: [...REFERRAL_STATES], enumName: 'ReferralState' };
export const DECLINE_REASON_ENUM = { enum: [...DECLINE_REASONS], enumName: 'DeclineReason' };
export const POLICE_WITHDRAWAL_REASON_ENUM = { enum: [...POLICE_WITHDRAWAL_REASONS], enumName: 'PoliceWithdrawalReason' };
export const REFERRAL_OUTCOME_ENUM = { enum: [...REFERRAL_OUTCOMES], enumName: 'ReferralOutcome' };
export const REVEALABLE_FIELD_ENUM = { enum: [...REVEALABLE_FIELDS], enumName: 'ReferralRevealableField' };

const TEXT = (what: string) => ({ type: String, minLength: 3, maxLength: 2000, description: `${what}: stored encrypted, never in the audit trail` });
const FreeText = () => applyDecorators(Trimmed(), IsString(), MinLength(3), MaxLength(2000));
const Subset = (values: readonly string[], max = values.length) =>
  applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(max), ArrayUnique(), IsIn(values, { each: true }));
const Services = () => Subset(CENTRE_SERVICES);
/** An optional list of services: absent or a non-empty list, never null. */
const OptionalServices = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ ...CENTRE_SERVICE_ENUM, isArray: true, uniqueItems: true, minItems: 1, maxItems: CENTRE_SERVICES.length, description }),
    IsAbsentOr(),
    Services(),
  );

/** One subject and exactly which of their fields go to the centre. */
export class SharedSubjectDto {
  @ApiProperty({ format: 'uuid' }) @IsUuid() subjectId!: string;
  @ApiProperty({ ...SHARED_FIELD_ENUM, isArray: true, uniqueItems: true, minItems: 1, maxItems: SHARED_FIELDS.length })
  @Subset(SHARED_FIELDS)
  fields!: SharedField[];
}

const SharedSubjects = () =>
  applyDecorators(
    ApiProperty({ type: () => [SharedSubjectDto], minItems: 1, maxItems: 20, description: 'Data minimisation: only these subjects and fields are shared' }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(20),
    ValidateNested({ each: true }),
    Type(() => SharedSubjectDto),
  );

export class SendReferralDto {
  @ApiProperty({ format: 'uuid', description: 'An active partner centre' }) @IsUuid() centreId!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 20, uniqueItems: true, description: 'Who the centre serves; each is also shared' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUuid({ each: true })
  clientSubjectIds!: string[];

  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true, uniqueItems: true, minItems: 1, maxItems: CENTRE_SERVICES.length }) @Services() services!: string[];
  @ApiProperty(URGENCY_ENUM) @IsIn(URGENCIES) urgency!: string;
  @ApiProperty(TEXT('Why the police refer: shown to the centre before acceptance, so it must not name anyone')) @FreeText() reason!: string;
  @SharedSubjects() shared!: SharedSubjectDto[];
}

/** A new snapshot of the shared fields (the officer corrected or added something). */
export class UpdateReferralDto {
  @SharedSubjects() shared!: SharedSubjectDto[];
}

export class DeclineReferralDto {
  @ApiProperty(DECLINE_REASON_ENUM) @IsIn(DECLINE_REASONS) reasonCode!: string;
  @ApiProperty(TEXT('Why, for the referring officer')) @FreeText() reason!: string;
}

export class AssignReferralDto {
  @ApiProperty({ format: 'uuid', description: 'A counsellor or manager of the centre' }) @IsUuid() assigneeId!: string;
}

export class CompleteReferralDto {
  @ApiProperty(REFERRAL_OUTCOME_ENUM) @IsIn(REFERRAL_OUTCOMES) outcome!: string;
  @ApiPropertyOptional({ ...TEXT('A closing summary for the police'), description: 'Not null' }) @IsAbsentOr() @FreeText() summary?: string;
}

export class EscalateReferralDto {
  @ApiProperty(TEXT('Why the matter needs the authorities')) @FreeText() reason!: string;
}

export class WithdrawReferralDto {
  @ApiProperty(POLICE_WITHDRAWAL_REASON_ENUM) @IsIn(POLICE_WITHDRAWAL_REASONS) reasonCode!: string;
  @ApiProperty(TEXT('Why, for the centre')) @FreeText() reason!: string;
}

export class RedirectReferralDto {
  @ApiProperty({ format: 'uuid', description: 'Another active partner centre' }) @IsUuid() centreId!: string;
  @OptionalServices('Default: the services of the overdue referral; not null') services?: string[];
}

export class AddNoteDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 5000, description: 'Centre-only: stored encrypted, never shown to the police' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text!: string;
}

export class RevealReferralDto {
  @ApiProperty({ ...REVEALABLE_FIELD_ENUM, isArray: true, uniqueItems: true, minItems: 1, maxItems: REVEALABLE_FIELDS.length })
  @Subset(REVEALABLE_FIELDS)
  fields!: string[];
}

export class CentreSuggestionsDto {
  @ApiProperty({ format: 'uuid' }) @IsUuid() caseId!: string;
  @OptionalServices('Services wanted (ranks centres offering more of them first); not null') services?: string[];
}

export class QueueQueryDto extends PageQueryDto {}

export class ListReferralsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only pending referrals past their acceptance deadline (true), or only the others (false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional(REFERRAL_STATE_ENUM) @IsOptional() @IsIn(REFERRAL_STATES) status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUuid() centreId?: string;
}
