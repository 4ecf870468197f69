/**
 * The package's one error class. Operations that cannot apply throw it with a literal code;
 * expected failures of parsing return it inside a result union instead.
 */

/** Why an operation or a parse failed. */
export type VectorModelErrorCode =
  | 'not-found'
  | 'out-of-range'
  | 'duplicate-id'
  | 'no-layer'
  | 'invalid-argument'
  | 'non-finite'
  | 'invalid-document'
  | 'unsupported-version'

/** Error of the vector model: `code` says what kind, the message says what, where and why. */
export class VectorModelError extends Error {
  /** Machine-readable kind of failure. */
  readonly code: VectorModelErrorCode

  constructor(code: VectorModelErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'VectorModelError'
    this.code = code
  }
}
