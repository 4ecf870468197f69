/**
 * The demo app's one error class, for what only the demo does (the viewer server). A
 * `DemoError` is a user-facing failure: the CLI prints its message as one line on stderr (no stack
 * trace) and exits with status 1. Usage errors of the demo's commands are the CLI's `CliError`.
 */

/** What went wrong, as a literal union the CLI and tests can branch on. */
export type DemoErrorCode = 'server'

/** A user-facing failure of the demo with a precise one-line message (what, where, why). */
export class DemoError extends Error {
  /** The kind of failure. */
  readonly code: DemoErrorCode

  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DemoError'
    this.code = code
  }
}
