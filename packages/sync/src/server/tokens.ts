/**
 * Access tokens: `wt1.<claims>.<signature>`, the claims as base64url JSON
 * (`{ userId, documents: { [documentId | '*']: 'read' | 'write' }, expiresAt }`) and an
 * HMAC-SHA256 of `wt1.<claims>` with the server's secret, compared in constant time. A token names
 * its user (the server stamps that user on every event the connection appends) and the documents
 * it may read or write; `'*'` grants every document. Node only (`node:crypto`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { SyncError } from '../errors.js'
import type { Access } from '../protocol.js'

/** What a token says. */
export interface TokenClaims {
  /** The user (1..200 characters): stamped as `userId` on this user's events. */
  readonly userId: string
  /** Access per document id; the key `'*'` applies to every document. */
  readonly documents: Readonly<Record<string, Access>>
  /** Expiry, Unix milliseconds. */
  readonly expiresAt: number
}

/** Why a token is refused. */
export type TokenProblem = 'malformed' | 'bad-signature' | 'expired'

/** Result of {@link verifyToken}. */
export type VerifyTokenResult =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly problem: TokenProblem; readonly reason: string }

const PREFIX = 'wt1'
const MIN_SECRET_BYTES = 16

/** Checks the secret's length (throws `invalid-option`); returns its bytes. */
export function checkSecret(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new SyncError(
      'invalid-option',
      `the token secret must have at least ${MIN_SECRET_BYTES} bytes (got ${bytes.length})`,
    )
  }
  return bytes
}

function sign(body: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('base64url')
}

function validClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const docs = v.documents
  return (
    typeof v.userId === 'string' &&
    v.userId.length > 0 &&
    v.userId.length <= 200 &&
    typeof v.expiresAt === 'number' &&
    Number.isFinite(v.expiresAt) &&
    typeof docs === 'object' &&
    docs !== null &&
    !Array.isArray(docs) &&
    Object.values(docs).every((a) => a === 'read' || a === 'write')
  )
}

/** Signs `claims` with `secret` (at least 16 bytes; throws `invalid-option`, or `invalid-option` for bad claims). */
export function createToken(claims: TokenClaims, secret: string | Uint8Array): string {
  if (!validClaims(claims))
    throw new SyncError(
      'invalid-option',
      'createToken: claims need userId, documents (read|write) and expiresAt',
    )
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  return `${body}.${sign(body, checkSecret(secret))}`
}

/** Checks `token`'s signature and expiry (at `now`, Unix ms); never throws for a bad token. */
export function verifyToken(
  token: string,
  secret: string | Uint8Array,
  now: number = Date.now(),
): VerifyTokenResult {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX)
    return { ok: false, problem: 'malformed', reason: 'not a wt1 token' }
  const body = `${parts[0]}.${parts[1]}`
  const expected = Buffer.from(sign(body, checkSecret(secret)), 'base64url')
  const given = Buffer.from(parts[2] as string, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'bad-signature', reason: 'the signature does not match' }
  }
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, problem: 'malformed', reason: 'the claims are not JSON' }
  }
  if (!validClaims(claims)) return { ok: false, problem: 'malformed', reason: 'the claims are incomplete' }
  if (claims.expiresAt <= now) {
    return { ok: false, problem: 'expired', reason: `expired at ${new Date(claims.expiresAt).toISOString()}` }
  }
  return { ok: true, claims }
}

/** The access `claims` grant on `documentId` (its own entry, else `'*'`), or undefined. */
export function accessFor(claims: TokenClaims, documentId: string): Access | undefined {
  return Object.hasOwn(claims.documents, documentId) ? claims.documents[documentId] : claims.documents['*']
}
