import type { HttpStatus } from '@nestjs/common';
import { DomainError } from '@mtl/http/errors/domain.error';
import type { ErrorDetail } from '@mtl/http/errors/error-body';

/** Which of the reference's key families a failed parse was asked for. */
export type KeyFamily = 'CourseKey' | 'LearningContextKey' | 'UsageKey' | 'AnyKey';

export enum CourseKeysErrorCode {
  INVALID_KEY = 'INVALID_KEY',
}

/**
 * Thrown when a string is not a valid key of the requested family, like opaque-keys'
 * `InvalidKeyError`. It is the only error the parsers throw, whatever the input. Over HTTP it is
 * a 400 naming the field `key` (callers that know the field name say it in their own error).
 */
export class InvalidKeyError extends DomainError {
  override readonly name = 'InvalidKeyError';
  readonly code = CourseKeysErrorCode.INVALID_KEY;

  constructor(
    /** The string that failed to parse, unchanged. */
    readonly input: string,
    readonly family: KeyFamily,
  ) {
    // Long inputs are cut in the message only; `input` keeps them whole.
    super(`${family}: ${JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input)}`);
  }

  get httpStatus(): HttpStatus {
    return 400;
  }

  get details(): readonly ErrorDetail[] {
    return [{ field: 'key', reason: `is not a valid ${this.family}` }];
  }
}
