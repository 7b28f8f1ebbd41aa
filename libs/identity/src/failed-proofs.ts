import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { TransactionRunner } from '@app/database';
import { SecurityEvents, SecurityEventType } from './security-events';
import { UserRepository } from './user.repository';

export const LOCKOUT_LIMIT = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;

/** Why a proof of identity was refused: a wrong secret counts toward the lockout, a refused account does not. */
export type FailureReason = 'password' | 'code' | 'locked' | 'disabled';

/** Where a proof was asked for: the sign-in steps, the current password when changing it, or again before a sensitive step. */
export type ProofStep = 'password' | 'second_factor' | 'password_change' | 'reauthentication';

const EVENT_OF: Record<ProofStep, SecurityEventType> = {
  password: 'sign_in.failed',
  second_factor: 'sign_in.second_factor_failed',
  password_change: 'password.change_failed',
  reauthentication: 'password.reauthentication_failed',
};

/**
 * Every refused proof, wherever it was typed, commits on its own (the failing request cannot roll it
 * back) and wrong secrets count toward the one lockout: five within 15 minutes lock the account and
 * end all its sessions (app.register_failed_sign_in).
 */
@Injectable()
export class FailedProofs {
  constructor(
    private readonly users: UserRepository,
    private readonly events: SecurityEvents,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  record(userId: string, step: ProofStep, reason: FailureReason): Promise<void> {
    return this.tx.runSeparately(async () => {
      const counts = reason === 'password' || reason === 'code';
      const lockedNow = counts && (await this.users.registerFailedSignIn(userId, this.clock.now(), LOCKOUT_WINDOW_MINUTES, LOCKOUT_LIMIT));
      await this.events.record({ type: EVENT_OF[step], outcome: 'failure', userId, detail: { reason } });
      if (lockedNow) await this.events.record({ type: 'account.locked', outcome: 'success', userId, detail: { after: step } });
    });
  }
}
