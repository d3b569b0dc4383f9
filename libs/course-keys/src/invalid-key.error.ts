/** Which of the reference's key families a failed parse was asked for. */
export type KeyFamily = 'CourseKey' | 'LearningContextKey' | 'UsageKey' | 'AnyKey';

/**
 * Thrown when a string is not a valid key of the requested family, like opaque-keys'
 * `InvalidKeyError`. It is the only error the parsers throw, whatever the input.
 */
export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError';

  constructor(
    /** The string that failed to parse, unchanged. */
    readonly input: string,
    readonly family: KeyFamily,
  ) {
    // Long inputs are cut in the message only; `input` keeps them whole.
    super(`${family}: ${JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input)}`);
  }
}
