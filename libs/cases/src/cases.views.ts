import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaskedValue } from '@app/core';
import { CASE_ACTIONS_ENUM, REASON_ENUM } from './dto/view-enums';
import {
  AUTHORITY_ENUM,
  CASE_STATUS_ENUM,
  CATEGORY_ENUM,
  DOCUMENT_TYPE_ENUM,
  INTAKE_CHANNEL_ENUM,
  OUTCOME_ENUM,
  SEX_ENUM,
  SUBJECT_ROLE_ENUM,
  URGENCY_ENUM,
} from './dto/schema-enums';

/** A case in a list or search result: never a sensitive field, and no subject names. */
export class CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CP-2026-000042' }) reference!: string;
  @ApiProperty(CATEGORY_ENUM) category!: string;
  @ApiProperty(URGENCY_ENUM) urgency!: string;
  @ApiProperty(INTAKE_CHANNEL_ENUM) intakeChannel!: string;
  @ApiProperty({ description: 'Short and non-sensitive' }) title!: string;
  @ApiProperty(CASE_STATUS_ENUM) status!: string;
  @ApiProperty({ format: 'uuid' }) owningUnitId!: string;
  @ApiProperty({ format: 'uuid' }) assignedOfficerId!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: 'integer' }) subjectCount!: number;
  @ApiProperty({ type: 'integer' }) version!: number;
}

/** A subject as the case page shows it: who, in which role, whether a minor (details through the person). */
export class SubjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(SUBJECT_ROLE_ENUM) role!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: String, nullable: true }) nameAr!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameLatin!: string | null;
  @ApiProperty(SEX_ENUM) sex!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Under 18 at today’s date; null when neither a birth date nor an age is known' })
  minor!: boolean | null;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CP-2026-000042' }) reference!: string;
  @ApiProperty(CATEGORY_ENUM) category!: string;
  @ApiProperty(URGENCY_ENUM) urgency!: string;
  @ApiProperty(INTAKE_CHANNEL_ENUM) intakeChannel!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: () => MaskedValue, description: 'Masked: POST …/reveal with ["narrative"] for the text' }) narrative!: MaskedValue;
  @ApiProperty(CASE_STATUS_ENUM) status!: string;
  @ApiProperty({ ...OUTCOME_ENUM, nullable: true }) outcome!: string | null;
  @ApiProperty({ ...AUTHORITY_ENUM, nullable: true }) escalatedTo!: string | null;
  @ApiProperty({ format: 'uuid' }) owningUnitId!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'uuid' }) assignedOfficerId!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: () => [SubjectView] }) subjects!: SubjectView[];
  @ApiProperty({ type: 'integer' }) subjectCount!: number;
  @ApiProperty({ ...CASE_ACTIONS_ENUM, isArray: true, description: 'The status actions you may take now' }) allowedActions!: string[];
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class CaseRevealView {
  @ApiPropertyOptional({ type: String, nullable: true }) narrative?: string | null;
}

export class TimelineEntryView {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ description: 'opened, updated, subject_added, subject_removed, close, reopen, escalate, reassign, …' }) action!: string;
  @ApiProperty(CASE_STATUS_ENUM) fromState!: string;
  @ApiProperty(CASE_STATUS_ENUM) toState!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'A code (outcome, authority), never free text' }) reasonCode!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, properties: {}, description: 'Field names, roles and ids only' })
  detail!: Record<string, unknown>;
}

export class TimelineView {
  @ApiProperty({ type: () => [TimelineEntryView] }) items!: TimelineEntryView[];
}

export class DocumentView {
  @ApiProperty(DOCUMENT_TYPE_ENUM) type!: string;
  @ApiProperty({ type: () => MaskedValue }) number!: MaskedValue;
}

export class SafeContactView {
  @ApiProperty() callSafe!: boolean;
  @ApiProperty() messageSafe!: boolean;
  @ApiProperty({ type: String, nullable: true }) safeHours!: string | null;
  @ApiProperty({ type: () => MaskedValue }) note!: MaskedValue;
}

export class PersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) nameAr!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameLatin!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) birthDate!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) statedAge!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) ageStatedOn!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) minor!: boolean | null;
  @ApiProperty(SEX_ENUM) sex!: string;
  @ApiProperty({ type: String, nullable: true }) nationality!: string | null;
  @ApiProperty({ type: () => DocumentView, nullable: true }) document!: DocumentView | null;
  @ApiProperty({ type: () => [MaskedValue] }) phones!: MaskedValue[];
  @ApiProperty({ type: () => MaskedValue }) address!: MaskedValue;
  @ApiProperty({ type: () => SafeContactView, description: 'Shown wherever a phone number is' }) safeContact!: SafeContactView;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
}

/** Plaintext of the fields asked for; phones always come with the safe-contact instructions. */
export class PersonRevealView {
  @ApiPropertyOptional({ type: String, nullable: true }) documentNumber?: string | null;
  @ApiPropertyOptional({ type: [String] }) phones?: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) address?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) safeContactNote?: string | null;
  @ApiPropertyOptional({ type: () => SafeContactView }) safeContact?: SafeContactView;
}

/** A person in search results: names, birth year and sex, nothing sensitive. */
export class PersonSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) nameAr!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameLatin!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) birthYear!: number | null;
  @ApiProperty(SEX_ENUM) sex!: string;
}

export class PersonSummaryList {
  @ApiProperty({ type: () => [PersonSummaryView] }) items!: PersonSummaryView[];
}

/** A possible duplicate: names, birth year, why it matched, and how strongly. */
export class SuggestionView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: String, nullable: true }) nameAr!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameLatin!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) birthYear!: number | null;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ ...REASON_ENUM, isArray: true }) reasons!: string[];
}

export class SuggestionList {
  @ApiProperty({ type: () => [SuggestionView] }) items!: SuggestionView[];
}
