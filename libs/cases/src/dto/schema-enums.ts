import { CASE_CATEGORIES } from '@app/identity';
export { URGENCY_ENUM } from '@app/identity';
import { AUTHORITIES, CASE_OUTCOMES, CASE_STATUSES, DOCUMENT_TYPES, INTAKE_CHANNELS, SEXES, SUBJECT_ROLES } from '../vocabulary';

/** The cases vocabularies as named OpenAPI enums, one type each for the UI. */
export const CATEGORY_ENUM = { enum: [...CASE_CATEGORIES], enumName: 'CaseCategory' };
export const INTAKE_CHANNEL_ENUM = { enum: [...INTAKE_CHANNELS], enumName: 'IntakeChannel' };
export const CASE_STATUS_ENUM = { enum: [...CASE_STATUSES], enumName: 'CaseStatus' };
export const OUTCOME_ENUM = { enum: [...CASE_OUTCOMES], enumName: 'CaseOutcome' };
export const AUTHORITY_ENUM = { enum: [...AUTHORITIES], enumName: 'Authority' };
export const SUBJECT_ROLE_ENUM = { enum: [...SUBJECT_ROLES], enumName: 'SubjectRole' };
export const SEX_ENUM = { enum: [...SEXES], enumName: 'Sex' };
export const DOCUMENT_TYPE_ENUM = { enum: [...DOCUMENT_TYPES], enumName: 'DocumentType' };
