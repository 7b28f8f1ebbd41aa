import { Injectable } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import * as argon2 from 'argon2';
import { RequestValidationException } from '@app/core';
import { IdentityErrorCode, ruleBroken } from './identity.exception';

/** OWASP's argon2id floor: 19 MiB, two passes, one lane. Hashes with other parameters are redone at sign-in. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
const MIN_SCORE = 3;

@Injectable()
export class PasswordService {
  private readonly strength = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  /** Verified against when the user name is unknown, so both paths cost one argon2 verification. */
  private readonly decoyHash = argon2.hash('decoy password that never matches', ARGON2_OPTIONS);

  /** Length in characters (code points, so Arabic counts right); no composition rules; not weak or common. */
  assertAcceptable(password: string, field: string, userInputs: string[]): void {
    const length = [...password].length;
    if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
      throw new RequestValidationException([
        { field, code: 'PASSWORD_LENGTH', message: `${field} must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long` },
      ]);
    }
    const result = this.strength.check(password, userInputs.filter(Boolean));
    if (result.score < MIN_SCORE) {
      const hint = result.feedback.warning ?? 'Choose a longer, less predictable passphrase';
      throw ruleBroken(IdentityErrorCode.WEAK_PASSWORD, `${field} is too easy to guess: ${hint}`, field);
    }
  }

  /** NFC first: the same password typed on another keyboard may arrive composed or decomposed (Arabic, accents). */
  hash(password: string): Promise<string> {
    return argon2.hash(password.normalize('NFC'), ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoyHash, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }
}
