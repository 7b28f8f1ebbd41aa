import { CaseAction } from '../case-transitions';

/** The actions people take (the referral-driven ones are the system's). */
export const PERSON_CASE_ACTIONS = ['close', 'reopen', 'escalate'] as const satisfies readonly CaseAction[];
export const CASE_ACTIONS_ENUM = { enum: [...PERSON_CASE_ACTIONS], enumName: 'CaseAction' };
export const SUGGESTION_REASONS = ['document', 'phone', 'name', 'name_cross_script', 'birth_year'] as const;
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number];
export const REASON_ENUM = { enum: [...SUGGESTION_REASONS], enumName: 'SuggestionReason' };
