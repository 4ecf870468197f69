/**
 * The package's one error class, `EventSchemaError`, and the result union returned by every
 * expected failure (validation, upcasting): a literal `code`, a precise message and the full list
 * of problems, each with its path and the rule it breaks.
 */

/** What went wrong, as a literal union. */
export type EventSchemaErrorCode =
  /** The value breaks one or more rules of its event type (see `issues`). */
  | 'invalid-event'
  /** `eventType` is missing, not a string, or not in the catalog. */
  | 'unknown-event-type'
  /** `schemaVersion` is newer than this package knows, or has no upcaster. */
  | 'unsupported-version'
  /** An older form could not be upcast (the old payload itself is invalid; see `issues`). */
  | 'upcast-failed'
  /** A JSON text could not be parsed. */
  | 'invalid-json'
  /** An argument given to this package's API is unusable (e.g. an unknown event type). */
  | 'invalid-argument'
  /** The random-byte source of event ids failed (see `setRandomByteSource`; the cause is its error). */
  | 'random-source-failed'

/** One broken rule. */
export interface ValidationIssue {
  /** JSON pointer to the offending value (`''` = the event itself, `/parameters/width`, `/objectIds/2`). */
  readonly path: string
  /**
   * The rule: a JSON Schema keyword (`required`, `type`, `minimum`, `exclusiveMinimum`, `maximum`,
   * `minLength`, `maxLength`, `minItems`, `maxItems`, `const`, `enum`) or a named rule
   * (`uuidv4`, `colour`, `finite`, `integer`, `unknownKey`, `eventType`, `schemaVersion`,
   * `cornerRadius`, `starRadii`, `lineHandles`, `json` for unparsable text, `schema` for a value
   * that only fails through inherited or non-enumerable properties, `tooManyIssues` when the
   * listing stopped after 1000 issues).
   */
  readonly rule: string
  /** Human-readable explanation. */
  readonly message: string
}

/** Options of {@link EventSchemaError}. */
export interface EventSchemaErrorOptions {
  readonly issues?: readonly ValidationIssue[]
  readonly cause?: unknown
}

/** Error of `@wiretuner/event-schema`: a literal `code`, a message and every problem found. */
export class EventSchemaError extends Error {
  /** What went wrong. */
  readonly code: EventSchemaErrorCode
  /** Every problem found (not only the first), each with its JSON pointer path and rule. */
  readonly issues: readonly ValidationIssue[]

  constructor(code: EventSchemaErrorCode, message: string, options: EventSchemaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'EventSchemaError'
    this.code = code
    this.issues = options.issues ?? []
  }
}

/** Result of a parse or validation: the value, or an error listing every problem. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: EventSchemaError }

/** Builds the message of an error from its issues: `what (N problems): path rule: message; ...`. */
export function describeIssues(what: string, issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, 8).map((i) => `${i.path || '/'} [${i.rule}] ${i.message}`)
  const more = issues.length > 8 ? `; … ${issues.length - 8} more` : ''
  return `${what} (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${shown.join('; ')}${more}`
}
