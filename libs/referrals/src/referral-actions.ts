import { HttpStatus, Injectable } from '@nestjs/common';
import { CaseRoster } from '@app/cases';
import { Clock, DomainException, FieldCipher, TransitionNotAllowedException } from '@app/core';
import { TransactionRunner } from '@app/database';
import { AccessService, Directory } from '@app/identity';
import { AssignReferralDto, CompleteReferralDto, DeclineReferralDto, EscalateReferralDto, RedirectReferralDto, WithdrawReferralDto } from './dto/referral.dto';
import { decideTransition, HELD_STATES, ReferralAction, ReferralState } from './lifecycle';
import { ReferralAccess } from './referral-access';
import { ReferralTransitions } from './referral-transitions';
import { ReferralRecord } from './referral.repository';
import { ReferralService } from './referral.service';
import { ReferralView } from './referral.views';
import { ReferralErrorCode, referralRuleBroken } from './referrals.exception';
import { endTextContext, reasonContext } from './snapshot';

const alreadyAccepted = (currentState: string) =>
  new DomainException(ReferralErrorCode.REFERRAL_ALREADY_ACCEPTED, HttpStatus.CONFLICT, 'A colleague accepted this referral first', { currentState });

/** The lifecycle's actions by people, each through the transitions table with the actor it allows. */
@Injectable()
export class ReferralActions {
  constructor(
    private readonly referrals: ReferralService,
    private readonly referralAccess: ReferralAccess,
    private readonly transitions: ReferralTransitions,
    private readonly roster: CaseRoster,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Accepting is claiming: of counsellors accepting at once exactly one wins, the others get 409 REFERRAL_ALREADY_ACCEPTED. */
  accept(id: string): Promise<ReferralView> {
    return this.act(id, 'accept', async (record) => {
      const actor = this.access.actor();
      const me = await this.directory.activeMember(actor.unitId, actor.userId);
      await this.claim(record, 'accept', { holder_user_id: actor.userId, holder_name: me?.displayName ?? actor.userId, accepted_at: this.clock.now() });
    });
  }

  decline(id: string, input: DeclineReferralDto): Promise<ReferralView> {
    return this.act(id, 'decline', (record) =>
      this.end(record, 'decline', { decline_reason: input.reasonCode }, input.reason, input.reasonCode).then(() => undefined),
    );
  }

  /** A manager gives a pending referral to a counsellor (accepting it for them) or moves an accepted one to another. */
  assign(id: string, input: AssignReferralDto): Promise<ReferralView> {
    return this.act(id, 'assign', async (record) => {
      const assignee = await this.directory.activeMember(record.centreId, input.assigneeId);
      if (!assignee || !assignee.roles.some((role) => role === 'counsellor' || role === 'centre_manager')) {
        throw referralRuleBroken(ReferralErrorCode.ASSIGNEE_NOT_IN_CENTRE, 'Assign a counsellor or manager of the centre', [
          { field: 'assigneeId', code: ReferralErrorCode.ASSIGNEE_NOT_IN_CENTRE, message: 'Not an active counsellor or manager of the centre' },
        ]);
      }
      const holder = { holder_user_id: assignee.id, holder_name: assignee.displayName };
      const set = record.status === 'pending' ? { ...holder, accepted_at: this.clock.now() } : holder;
      await this.transitions.apply({ referral: record, action: 'assign', set, detail: { from: record.holderUserId, to: assignee.id } });
    });
  }

  start(id: string): Promise<ReferralView> {
    return this.act(id, 'start', (record) =>
      this.transitions.apply({ referral: record, action: 'start', set: { started_at: this.clock.now() } }).then(() => undefined),
    );
  }

  complete(id: string, input: CompleteReferralDto): Promise<ReferralView> {
    return this.act(id, 'complete', (record) => this.end(record, 'complete', { outcome: input.outcome }, input.summary, input.outcome));
  }

  /** The centre hands the matter back to the police: it needs the authorities; the unit's supervisors are told. */
  escalate(id: string, input: EscalateReferralDto): Promise<ReferralView> {
    return this.act(id, 'escalate', (record) => this.end(record, 'escalate', {}, input.reason));
  }

  withdraw(id: string, input: WithdrawReferralDto): Promise<ReferralView> {
    return this.act(id, 'withdraw', (record) => this.end(record, 'withdraw', { withdrawal_reason: input.reasonCode }, input.reason, input.reasonCode));
  }

  /**
   * An overdue pending referral moved to another centre: the old one withdrawn (`redirected`), a linked
   * new one sent with a fresh consent and separation check, in one transaction (either both or neither).
   */
  redirect(id: string, input: RedirectReferralDto): Promise<ReferralView> {
    return this.tx.run(async () => {
      const scope = await this.referralAccess.referralScope(id);
      const record = await this.referrals.load(scope);
      this.assertMay(record, 'redirect');
      if (record.status !== 'pending') throw new TransitionNotAllowedException('redirect', record.status);
      if (this.clock.now() < record.deadlineAt) {
        throw new DomainException(ReferralErrorCode.REFERRAL_NOT_OVERDUE, HttpStatus.CONFLICT, 'Only an overdue referral is redirected');
      }
      if (input.centreId === record.centreId) {
        throw referralRuleBroken(ReferralErrorCode.SAME_CENTRE, 'Redirect to another centre', [
          { field: 'centreId', code: ReferralErrorCode.SAME_CENTRE, message: 'Choose another centre' },
        ]);
      }
      await this.end(record, 'redirect', { withdrawal_reason: 'redirected' }, undefined, 'redirected');
      const caseScope = await this.roster.scope(record.caseId);
      const newId = await this.referrals.create(
        caseScope,
        {
          centreId: input.centreId,
          clientSubjectIds: record.clientSubjectIds,
          services: input.services ?? record.services,
          urgency: record.urgency,
          reason: this.cipher.decrypt(record.reasonEnc, reasonContext(record.id)),
          shared: Object.entries(record.sharedFields).map(([subjectId, fields]) => ({ subjectId, fields })),
        },
        record.id,
      );
      return this.referrals.detail(await this.referralAccess.referralScope(newId));
    });
  }

  /** Loads the referral in the caller's scope, checks the caller may take the action, runs it, answers the referral as it is now. */
  private act(id: string, action: ReferralAction, work: (record: ReferralRecord) => Promise<void>): Promise<ReferralView> {
    return this.tx.run(async () => {
      const scope = await this.referralAccess.referralScope(id);
      const record = await this.referrals.load(scope);
      this.assertMay(record, action);
      await work(record);
      // After a decline or withdrawal the centre no longer reaches it: the answer is read as it was decided.
      return this.referrals.detail(scope);
    });
  }

  private assertMay(record: ReferralRecord, action: ReferralAction): void {
    const decision = decideTransition(record.status, action, this.referralAccess.actorsOf(record));
    if (decision.allowed) return;
    if (decision.refusal === 'NOT_YOURS') {
      throw new DomainException(ReferralErrorCode.ACTION_NOT_YOURS, HttpStatus.FORBIDDEN, `Your role does not ${action} this referral`, {
        currentState: record.status,
      });
    }
    if ((action === 'accept' || action === 'decline') && HELD_STATES.includes(record.status)) {
      throw alreadyAccepted(record.status);
    }
    throw new TransitionNotAllowedException(action, record.status);
  }

  /** Accept or assign from pending: a lost race names the colleague's win, not a bare state conflict. */
  private async claim(record: ReferralRecord, action: 'accept', set: Record<string, unknown>): Promise<void> {
    try {
      await this.transitions.apply({ referral: record, action, set });
    } catch (error) {
      if (error instanceof TransitionNotAllowedException && HELD_STATES.includes(error.details.currentState as ReferralState)) {
        throw alreadyAccepted(String(error.details.currentState));
      }
      throw error;
    }
  }

  /** A transition that ends the referral (or, for complete, its service), with its free text encrypted on the record. */
  private async end(
    record: ReferralRecord,
    action: ReferralAction,
    set: Record<string, unknown>,
    text: string | undefined,
    reasonCode?: string,
  ): Promise<void> {
    const actor = this.access.actor();
    const columns: Record<string, unknown> = { ...set, ended_at: this.clock.now(), ended_by: actor.userId };
    if (text) columns.end_text_enc = this.cipher.encrypt(text, endTextContext(record.id));
    await this.transitions.apply({ referral: record, action, set: columns, reasonCode });
  }
}
