import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane): memory-hard, and quick
 * enough that a login costs tens of milliseconds on a small server. Hashes carry their own
 * parameters, so raising them later only needs `needsRehash` on the next successful login.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

@Injectable()
export class PasswordHasher {
  /** A hash of nothing anyone knows, verified against when the account does not exist. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /**
   * Verifies `password` against `hash`; with no hash (unknown account) it verifies against a
   * dummy hash with the same parameters and returns false, so the answer takes as long either way
   * and timing does not reveal which emails have accounts.
   */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummy ??= argon2.hash('no account has this password', ARGON2_OPTIONS);
      await argon2.verify(await this.dummy, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed stored hash never authenticates
    }
  }

  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_OPTIONS);
    } catch {
      return true;
    }
  }
}
