/**
 * Readers of raw JSON values for the parsers: each returns the value with its type or throws
 * `invalid-document` naming the value's path. `isRecord` lets a caller test first and build the
 * path only for the error.
 */
import { VectorModelError } from './errors.js'

/** Who reports the errors of the readers (the document parser). */
export const W = 'parseDocument'

/** Whether `v` is a JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `v` as a record (throws `invalid-document` naming `path`). */
export function rec(v: unknown, path: string): Record<string, unknown> {
  if (!isRecord(v)) throw new VectorModelError('invalid-document', `${W}: ${path} must be an object`)
  return v
}

/** `v` as an array (throws `invalid-document` naming `path`). */
export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new VectorModelError('invalid-document', `${W}: ${path} must be an array`)
  return v
}

/** `v` as a string (throws `invalid-document` naming `path`). */
export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new VectorModelError('invalid-document', `${W}: ${path} must be a string`)
  return v
}

/** `v` as a boolean (throws `invalid-document` naming `path`). */
export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean')
    throw new VectorModelError('invalid-document', `${W}: ${path} must be a boolean`)
  return v
}
