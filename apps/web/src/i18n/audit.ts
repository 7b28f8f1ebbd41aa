import type { Shape } from './messages';

/** The auditor's desk (trail, security events, verification) and the supervisor's case trail viewer. */
export const AUDIT_AR = {
  trail: { title: 'سجل التدقيق', caseTitle: 'سجل تدقيق القضية' },
};

export const AUDIT_EN: Shape<typeof AUDIT_AR> = {
  trail: { title: 'Audit trail', caseTitle: 'The case’s audit trail' },
};
