import { ApiProperty } from '@nestjs/swagger';
import { MaskedValue } from '@app/core';
import {
  CENTRE_SERVICE_ENUM,
  CONSENT_GIVER_ENUM,
  CONSENT_METHOD_ENUM,
  DATA_CATEGORY_ENUM,
  LEGAL_BASIS_ENUM,
  LEGAL_BASIS_STATUS_ENUM,
  MINOR_VIEW_ENUM,
  WITHDRAWAL_REPORTER_ENUM,
} from './dto/consent.dto';
import { SHARING_REASONS } from './vocabulary';

export const CONSENT_STATES = ['active', 'expired', 'withdrawn', 'superseded'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export class ConsentWithdrawalView {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty(WITHDRAWAL_REPORTER_ENUM) reportedBy!: string;
  @ApiProperty({ type: String, format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ type: () => MaskedValue }) reason!: MaskedValue;
}

/** A consent record; its note and withdrawal reason masked (reveal them through the reveal route). */
export class ConsentView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, format: 'uuid' }) subjectId!: string;
  @ApiProperty({ type: String, format: 'uuid' }) personId!: string;
  @ApiProperty(CONSENT_GIVER_ENUM) givenBy!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) guardianSubjectId!: string | null;
  @ApiProperty({ ...MINOR_VIEW_ENUM, nullable: true }) minorView!: string | null;
  @ApiProperty() anyCentre!: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) centreIds!: string[];
  @ApiProperty({ ...CENTRE_SERVICE_ENUM, isArray: true }) services!: string[];
  @ApiProperty({ ...DATA_CATEGORY_ENUM, isArray: true }) dataCategories!: string[];
  @ApiProperty(CONSENT_METHOD_ENUM) method!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ type: () => MaskedValue }) note!: MaskedValue;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersedes!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supersededBy!: string | null;
  @ApiProperty({ type: String, format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: () => ConsentWithdrawalView, nullable: true }) withdrawal!: ConsentWithdrawalView | null;
  @ApiProperty({ enum: [...CONSENT_STATES], enumName: 'ConsentState', description: 'At the server clock' }) state!: ConsentState;
}

export class ConsentListView {
  @ApiProperty({ type: () => [ConsentView] }) items!: ConsentView[];
}

export class ConsentRevealView {
  @ApiProperty({ type: String, nullable: true, required: false }) note?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) withdrawalReason?: string | null;
}

export class LegalBasisView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) caseId!: string;
  @ApiProperty(LEGAL_BASIS_ENUM) basis!: string;
  @ApiProperty({ type: () => MaskedValue }) justification!: MaskedValue;
  @ApiProperty({ type: [String], format: 'uuid' }) subjectIds!: string[];
  @ApiProperty({ ...DATA_CATEGORY_ENUM, isArray: true }) dataCategories!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: string;
  @ApiProperty(LEGAL_BASIS_STATUS_ENUM) status!: string;
  @ApiProperty({ description: 'Approved and past its expiry, at the server clock' }) expired!: boolean;
  @ApiProperty({ type: String, format: 'uuid' }) requestedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: () => MaskedValue }) rejectionReason!: MaskedValue;
  @ApiProperty({ description: 'Whether the caller may approve or reject it (a supervisor other than the requester)' }) decidable!: boolean;
  @ApiProperty() version!: number;
}

export class LegalBasisListView {
  @ApiProperty({ type: () => [LegalBasisView] }) items!: LegalBasisView[];
}

export class LegalBasisRevealView {
  @ApiProperty({ type: String, nullable: true, required: false }) justification?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) rejectionReason?: string | null;
}

const SHARING_REASON_ENUM = { enum: [...SHARING_REASONS], enumName: 'SharingReason' };

export class SharingBasisView {
  @ApiProperty({ enum: ['consent', 'legal_basis'], enumName: 'SharingBasisKind' }) kind!: string;
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
}

export class CategoryDecisionView {
  @ApiProperty(DATA_CATEGORY_ENUM) category!: string;
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ type: () => SharingBasisView, nullable: true }) basis!: SharingBasisView | null;
  @ApiProperty({ ...SHARING_REASON_ENUM, isArray: true }) reasons!: string[];
}

export class SubjectDecisionView {
  @ApiProperty({ type: String, format: 'uuid' }) subjectId!: string;
  @ApiProperty({ type: () => [CategoryDecisionView] }) categories!: CategoryDecisionView[];
}

export class ReliedOnView {
  @ApiProperty({ type: [String], format: 'uuid' }) consentIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) legalBasisIds!: string[];
}

export class SharingDecisionView {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ type: () => [SubjectDecisionView] }) subjects!: SubjectDecisionView[];
  @ApiProperty({ type: () => ReliedOnView }) reliedOn!: ReliedOnView;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the earliest record relied on expires (null: none does)' })
  validUntil!: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'The server clock the answer holds at' }) evaluatedAt!: string;
}
