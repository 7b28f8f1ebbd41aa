import { Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { randomBytes } from 'node:crypto';
import { Clock, FieldCipher, KeyedHasher } from '@app/core';

const STEP_MS = 30_000;
const ISSUER = 'Referral Desk';
const RECOVERY_CODE_COUNT = 10;

/**
 * TOTP (RFC 6238) with one step of drift either way. A code is accepted only for a time step later
 * than the last one used, so a code cannot be replayed within its window. Time comes from the clock.
 */
@Injectable()
export class TotpService {
  constructor(
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly hasher: KeyedHasher,
  ) {}

  newSecret(): string {
    return authenticator.generateSecret(20);
  }

  otpauthUri(username: string, secret: string): string {
    return authenticator.keyuri(username, ISSUER, secret);
  }

  /** The time step the code belongs to, or null when it is wrong or already used. */
  acceptedStep(secret: string, code: string, lastStep: number | null): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const epoch = this.clock.now().getTime();
    const delta = authenticator.clone({ window: 1, epoch }).checkDelta(code, secret);
    if (delta === null) return null;
    const step = Math.floor(epoch / STEP_MS) + delta;
    return lastStep !== null && step <= lastStep ? null : step;
  }

  /** The code an authenticator app would show now (tests and the demo seed's printout). */
  currentCode(secret: string): string {
    return authenticator.clone({ epoch: this.clock.now().getTime() }).generate(secret);
  }

  seal(userId: string, secret: string): string {
    return this.cipher.encrypt(secret, `app_user.totp_secret:${userId}`);
  }

  open(userId: string, sealed: string): string {
    return this.cipher.decrypt(sealed, `app_user.totp_secret:${userId}`);
  }

  newRecoveryCodes(): { codes: string[]; hashes: string[] } {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
    });
    return { codes, hashes: codes.map((code) => this.hashRecoveryCode(code)) };
  }

  hashRecoveryCode(code: string): string {
    return this.hasher.hash(
      'recovery_code',
      code
        .trim()
        .toLowerCase()
        .replace(/[^0-9a-f]/g, ''),
    );
  }
}
