import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';

export type SecurityEventType =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.second_factor_failed'
  | 'account.locked'
  | 'account.unlocked'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.created'
  | 'account.updated'
  | 'second_factor.enrolment_started'
  | 'second_factor.enrolled'
  | 'recovery_code.used'
  | 'session.signed_out'
  | 'session.signed_out_everywhere'
  | 'password.changed'
  | 'password.change_failed'
  | 'password.reauthentication_failed'
  | 'password.reset'
  | 'role.changed'
  | 'unit.created'
  | 'unit.updated'
  | 'unit.members_viewed'
  | 'user.listed'
  | 'user.viewed'
  | 'approval.requested'
  | 'approval.approved'
  | 'approval.rejected'
  | 'approval.listed'
  | 'approval.viewed';

export interface SecurityEvent {
  type: SecurityEventType;
  outcome: 'success' | 'failure';
  /** The account concerned, when known. */
  userId?: string;
  /** A unit concerned, for unit events. */
  unitId?: string;
  /** A keyed hash of what was typed as a user name that matched no account (people type passwords there). */
  subjectHash?: string;
  /** Field names and state changes only: never names, passwords or codes. */
  detail?: Record<string, unknown>;
}

/** Identity's events, written into the tamper-evident audit trail. */
@Injectable()
export class SecurityEvents {
  constructor(private readonly audit: AuditTrail) {}

  /** Inside the current transaction: the event commits or rolls back with the change it records. */
  record(event: SecurityEvent): Promise<void> {
    const object = event.userId ? { objectType: 'user', objectId: event.userId } : event.unitId ? { objectType: 'unit', objectId: event.unitId } : {};
    return this.audit.record({ action: event.type, outcome: event.outcome, ...object, subjectHash: event.subjectHash, detail: event.detail });
  }
}
