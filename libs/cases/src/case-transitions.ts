import { StateMachine, Transition } from '@app/database';
import { CasePermission } from './permissions';
import { CaseStatus } from './vocabulary';

export type CaseAction = 'close' | 'reopen' | 'escalate' | 'refer' | 'start_service' | 'end_service' | 'end_referrals';

// The system actions are applied by app.case_follows_referrals (SQL), since the centre's counsellor
// and the worker, whose transitions move the case, cannot read it; its action names are these.
/** Who may take each action: a permission for people, `system` for what referrals drive (DESIGN: case status follows its referrals). */
interface CaseTransition extends Transition<CaseStatus> {
  allowedTo: CasePermission | 'system';
}

/**
 * The case lifecycle, one table: open → referred → in service → closed, or escalated to an authority.
 * Closing needs no active referral, so it starts from `open` only (a referred case answers 409 naming
 * its state); only supervisors reopen or escalate.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseAction, CaseTransition>> = {
  close: { from: ['open'], to: 'closed', allowedTo: CasePermission.Close },
  reopen: { from: ['closed', 'escalated'], to: 'open', allowedTo: CasePermission.Reopen },
  escalate: { from: ['open', 'referred', 'in_service'], to: 'escalated', allowedTo: CasePermission.Escalate },
  refer: { from: ['open'], to: 'referred', allowedTo: 'system' },
  start_service: { from: ['referred'], to: 'in_service', allowedTo: 'system' },
  /** The last referral in service ended while another is still pending or accepted. */
  end_service: { from: ['in_service'], to: 'referred', allowedTo: 'system' },
  end_referrals: { from: ['referred', 'in_service'], to: 'open', allowedTo: 'system' },
};

export const caseLifecycle = new StateMachine<CaseStatus, CaseAction>('case_file', CASE_TRANSITIONS);

/** The actions a caller holding `permissions` may take on a case in `status` (the UI's buttons). */
export const caseActionsFor = (status: CaseStatus, permissions: readonly string[]): CaseAction[] =>
  caseLifecycle.actionsFrom(status).filter((action) => {
    const allowedTo = CASE_TRANSITIONS[action].allowedTo;
    return allowedTo !== 'system' && permissions.includes(allowedTo);
  });
