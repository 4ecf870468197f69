/**
 * The demo app's one error class. A `DemoError` is a user-facing failure: the CLI prints its
 * message as one line on stderr (no stack trace) and exits with its exit code.
 */

/** What went wrong, as a literal union the CLI and tests can branch on. */
export type DemoErrorCode =
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
  | 'server'

/** A user-facing failure with a precise one-line message (what, where, why). */
export class DemoError extends Error {
  /** The kind of failure. */
  readonly code: DemoErrorCode

  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DemoError'
    this.code = code
  }

  /** Exit code for this failure: 2 for usage errors, 1 otherwise. */
  get exitCode(): number {
    return this.code === 'usage' ? 2 : 1
  }
}
