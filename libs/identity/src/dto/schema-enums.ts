import { Role } from '@app/core';
import { APPROVAL_KINDS, APPROVAL_STATUSES } from '../approval.repository';
import { UnitKind } from '../permissions';
import type { SessionStage } from '../session.repository';
import { CASE_CATEGORIES, CENTRE_SERVICES, URGENCIES } from '../vocabulary';

/** The sign-in stages, in the order a session goes through them (SessionStage is the type). */
export const SESSION_STAGES = ['second_factor', 'enrolment', 'active'] as const satisfies readonly SessionStage[];
// Fails to compile when SessionStage gains a stage this list lacks.
const _everyStageListed: Exclude<SessionStage, (typeof SESSION_STAGES)[number]> extends never ? true : false = true;

/**
 * The identity vocabularies as named OpenAPI enums (`$ref: '#/components/schemas/Role'`), so the UI
 * gets one type per vocabulary, shared by requests and answers.
 */
export const ROLE_ENUM = { enum: Role, enumName: 'Role' };
export const UNIT_KIND_ENUM = { enum: UnitKind, enumName: 'UnitKind' };
export const CENTRE_SERVICE_ENUM = { enum: [...CENTRE_SERVICES], enumName: 'CentreService' };
export const CASE_CATEGORY_ENUM = { enum: [...CASE_CATEGORIES], enumName: 'CaseCategory' };
export const URGENCY_ENUM = { enum: [...URGENCIES], enumName: 'Urgency' };
export const SESSION_STAGE_ENUM = { enum: [...SESSION_STAGES], enumName: 'SessionStage' };
export const APPROVAL_KIND_ENUM = { enum: [...APPROVAL_KINDS], enumName: 'ApprovalKind' };
export const APPROVAL_STATUS_ENUM = { enum: [...APPROVAL_STATUSES], enumName: 'ApprovalStatus' };
