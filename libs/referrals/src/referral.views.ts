import { ApiProperty } from '@nestjs/swagger';
import { MaskedValue } from '@app/core';
import { CATEGORY_ENUM, SEX_ENUM, SUBJECT_ROLE_ENUM } from '@app/cases';
import { CENTRE_SERVICE_ENUM, URGENCY_ENUM } from '@app/identity';
import { DECLINE_REASON_ENUM, REFERRAL_OUTCOME_ENUM, REFERRAL_STATE_ENUM, SHARED_FIELD_ENUM } from './dto/referral.dto';
import { AGE_BANDS, DEADLINE_STATES } from './vocabulary';

const UUID = { format: 'uuid' } as const;
const WHEN = { type: String, format: 'date-time' } as const;
const MAYBE_WHEN = { type: String, format: 'date-time', nullable: true } as const;
const ACTIONS = ['accept', 'decline', 'assign', 'start', 'complete', 'escalate', 'withdraw', 'redirect'];

/** A shared subject before acceptance (DESIGN rule 1): role, age band and sex, never a name. */
export class ReferralSubjectSummaryView {
  @ApiProperty(UUID) subjectId!: string;
  @ApiProperty(SUBJECT_ROLE_ENUM) role!: string;
  @ApiProperty({ description: 'One of the people the centre serves' }) client!: boolean;
  @ApiProperty({ enum: [...AGE_BANDS], enumName: 'AgeBand', nullable: true }) ageBand!: string | null;
  @ApiProperty(SEX_ENUM) sex!: string;
}

export class SharedFieldsView {
  @ApiProperty(UUID) subjectId!: string;
  @ApiProperty({ ...SHARED_FIELD_ENUM, isArray: true }) fields!: string[];
}

/** What both sides see of a referral: the queue's summary, status, deadline, holder and outcome. */
export class ReferralSummaryView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ example: 'RF-2026-000017' }) reference!: string;
  @ApiProperty(REFERRAL_STATE_ENUM) status!: string;
  @ApiProperty(CATEGORY_ENUM) category!: string;
  @ApiProperty(URGENCY_ENUM) urgency!: string;
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true }) services!: string[];
  @ApiProperty({ description: 'Why the police refer (shown to the centre before acceptance)' }) reason!: string;
  @ApiProperty(UUID) centreId!: string;
  @ApiProperty(UUID) referringUnitId!: string;
  @ApiProperty({ ...UUID, type: String, nullable: true, description: 'Police only: the case (its reference never leaves the police)' })
  caseId!: string | null;
  @ApiProperty({ type: () => [ReferralSubjectSummaryView] }) subjects!: ReferralSubjectSummaryView[];
  @ApiProperty(WHEN) sentAt!: string;
  @ApiProperty({ ...WHEN, description: 'When the centre must have accepted it' }) deadlineAt!: string;
  @ApiProperty({ enum: [...DEADLINE_STATES], enumName: 'DeadlineState', nullable: true, description: 'Pending only: on track, due soon, overdue' })
  deadlineState!: string | null;
  @ApiProperty({ description: 'Passed its acceptance deadline while pending (a flag, not a state)' }) overdue!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Who at the centre holds it' }) holderName!: string | null;
  @ApiProperty({ ...REFERRAL_OUTCOME_ENUM, nullable: true }) outcome!: string | null;
  @ApiProperty() version!: number;
}

export class ReferralHistoryView {
  @ApiProperty() action!: string;
  @ApiProperty(REFERRAL_STATE_ENUM) fromState!: string;
  @ApiProperty(REFERRAL_STATE_ENUM) toState!: string;
  @ApiProperty(WHEN) at!: string;
  @ApiProperty({ type: String, nullable: true }) reasonCode!: string | null;
  @ApiProperty({ description: 'Whether the centre (not the police or the system) acted' }) byCentre!: boolean;
}

export class SafeContactShareView {
  @ApiProperty() callSafe!: boolean;
  @ApiProperty() messageSafe!: boolean;
  @ApiProperty({ type: String, nullable: true }) safeHours!: string | null;
  @ApiProperty({ type: () => MaskedValue }) note!: MaskedValue;
}

/** A shared subject as the holder and the centre's managers see it: only the fields shared, sensitive ones masked. */
export class SharedSubjectView {
  @ApiProperty(UUID) subjectId!: string;
  @ApiProperty(SUBJECT_ROLE_ENUM) role!: string;
  @ApiProperty() client!: boolean;
  @ApiProperty({ ...SHARED_FIELD_ENUM, isArray: true }) fields!: string[];
  @ApiProperty({ ...SHARED_FIELD_ENUM, isArray: true, description: 'Fields that changed in the latest update' }) changed!: string[];
  @ApiProperty({ type: String, nullable: true }) nameAr!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameLatin!: string | null;
  @ApiProperty({ type: String, nullable: true }) birthDate!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) age!: number | null;
  @ApiProperty({ ...SEX_ENUM, nullable: true }) sex!: string | null;
  @ApiProperty({ type: String, nullable: true }) nationality!: string | null;
  @ApiProperty({ type: () => [MaskedValue] }) phones!: MaskedValue[];
  @ApiProperty({ type: () => SafeContactShareView, nullable: true }) safeContact!: SafeContactShareView | null;
  @ApiProperty({ type: () => MaskedValue }) address!: MaskedValue;
  @ApiProperty({ type: () => MaskedValue }) document!: MaskedValue;
}

export class SharedContentView {
  @ApiProperty({ type: 'integer', description: '1 when sent, then one more per update' }) seq!: number;
  @ApiProperty(WHEN) at!: string;
  @ApiProperty({ type: () => MaskedValue, nullable: true, description: 'The case narrative, when shared' }) narrative!: MaskedValue | null;
  @ApiProperty({ description: 'Whether the narrative changed in the latest update' }) narrativeChanged!: boolean;
  @ApiProperty({ type: () => [SharedSubjectView] }) subjects!: SharedSubjectView[];
}

export class ReferralView extends ReferralSummaryView {
  @ApiProperty(MAYBE_WHEN) acceptedAt!: string | null;
  @ApiProperty(MAYBE_WHEN) startedAt!: string | null;
  @ApiProperty(MAYBE_WHEN) endedAt!: string | null;
  @ApiProperty({ ...DECLINE_REASON_ENUM, nullable: true }) declineReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was withdrawn (a code)' }) withdrawalReason!: string | null;
  @ApiProperty({ ...UUID, type: String, nullable: true }) redirectedFromId!: string | null;
  @ApiProperty({ ...UUID, type: String, nullable: true }) redirectedToId!: string | null;
  @ApiProperty({ type: () => [SharedFieldsView], description: 'Which fields of which subjects were shared (names only)' }) sharedFields!: SharedFieldsView[];
  @ApiProperty({ type: () => SharedContentView, nullable: true, description: 'The shared values: the holder and the centre’s managers, once accepted' })
  shared!: SharedContentView | null;
  @ApiProperty({ enum: ACTIONS, enumName: 'ReferralAction', isArray: true }) allowedActions!: string[];
  @ApiProperty({ type: () => [ReferralHistoryView] }) history!: ReferralHistoryView[];
}

export class ReferralPageView {
  @ApiProperty({ type: () => [ReferralSummaryView] }) items!: ReferralSummaryView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ReferralListView {
  @ApiProperty({ type: () => [ReferralSummaryView] }) items!: ReferralSummaryView[];
}

export class RevealedSubjectView {
  @ApiProperty(UUID) subjectId!: string;
  @ApiProperty({ type: [String], nullable: true }) phones?: string[] | null;
  @ApiProperty({ type: String, nullable: true }) address?: string | null;
  @ApiProperty({ type: String, nullable: true }) document?: string | null;
  @ApiProperty({ type: String, nullable: true }) safeContactNote?: string | null;
}

export class ReferralRevealView {
  @ApiProperty({ type: String, nullable: true }) narrative?: string | null;
  @ApiProperty({ type: () => [RevealedSubjectView] }) subjects!: RevealedSubjectView[];
}

export class ReferralNoteView {
  @ApiProperty(UUID) id!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() text!: string;
  @ApiProperty(WHEN) at!: string;
}

export class ReferralNoteListView {
  @ApiProperty({ type: () => [ReferralNoteView] }) items!: ReferralNoteView[];
}

export class CentreSuggestionView {
  @ApiProperty(UUID) centreId!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true }) services!: string[];
  @ApiProperty({ description: 'The centre accepts cases of this category' }) acceptsCategory!: boolean;
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true, description: 'Of the services asked for, those it offers' }) matchingServices!: string[];
  @ApiProperty({ description: 'The case already has a live referral to this centre' }) alreadyReferred!: boolean;
}

export class CentreSuggestionListView {
  @ApiProperty({ type: () => [CentreSuggestionView] }) items!: CentreSuggestionView[];
}
