/**
 * The CLI's one error class. A `CliError` is a user-facing failure: the dispatcher prints its
 * message as one line on stderr (no stack trace) and exits with its exit code.
 */

/** What went wrong, as a literal union the CLI and tests can branch on. */
export type CliErrorCode =
  | 'usage'
  | 'file-not-found'
  | 'file-exists'
  | 'not-wiretuner'
  | 'newer-format'
  | 'open-failed'
  | 'damaged-file'
  | 'sequence-out-of-range'
  | 'unknown-artboard'
  | 'output-unwritable'
  | 'output-is-input'
  | 'thumbnail-too-large'

/** A user-facing failure with a precise one-line message (what, where, why). */
export class CliError extends Error {
  /** The kind of failure. */
  readonly code: CliErrorCode

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CliError'
    this.code = code
  }

  /** Exit code for this failure: 2 for usage errors, 1 otherwise. */
  get exitCode(): number {
    return this.code === 'usage' ? 2 : 1
  }
}

/** Whether `value` is a {@link CliError}. */
export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError
}
