/**
 * Event ids: time-ordered UUIDv7 (RFC 9562 §5.7). The first 48 bits are the Unix time in
 * milliseconds, so ids made later sort later and a log's unique eventId index grows at its right
 * edge (with random v4 ids every insert lands on a random page: the index alone halved the insert
 * rate). Within one millisecond the 12-bit `rand_a` field is a counter (RFC 9562 §6.2, method 1),
 * so the ids of one generator are strictly increasing; the remaining 62 bits are random.
 *
 * The random bits come from a replaceable source ({@link setRandomByteSource}), Web Crypto by
 * default (browser-safe; this module has no `node:` imports). A platform entry may supply a source
 * of the same strength that is cheaper to reach: io-services' Node entry reads the kernel's CSPRNG
 * from `/dev/urandom` (in a fresh Node process the first `getRandomValues` loads Node's Web Crypto
 * modules, ~2 ms, which a user's first undo paid).
 */
import { EventSchemaError } from './errors.js'

/**
 * Fills ALL of `target` with cryptographically secure random bytes, or throws. A source never
 * fills fewer bytes and never uses a non-cryptographic generator: event ids rely on both.
 */
export type RandomByteSource = (target: Uint8Array) => void

/** Random bytes drawn in bulk (one source call per 512 ids). */
const POOL = new Uint8Array(8 * 512)
let poolAt = POOL.length

/** The source set with {@link setRandomByteSource}; `undefined` = Web Crypto. */
let source: RandomByteSource | undefined

/** Lower-case two-digit hex of every byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/** Timestamp of the last id and its `rand_a` counter (12 bits). */
let lastMs = -1
let counter = 0

/**
 * Sets the random-byte source of {@link newEventId} for the whole process (`undefined` restores
 * the default, Web Crypto's `getRandomValues`) and returns the previous one (`undefined` for the
 * default). Bytes already drawn from the previous source are discarded. Throws
 * `EventSchemaError` `invalid-argument` when `next` is neither a function nor `undefined`.
 */
export function setRandomByteSource(next: RandomByteSource | undefined): RandomByteSource | undefined {
  if (next !== undefined && typeof next !== 'function') {
    throw new EventSchemaError(
      'invalid-argument',
      `setRandomByteSource: the source must be a function (target: Uint8Array) => void or undefined, got ${next === null ? 'null' : typeof next}`,
    )
  }
  const previous = source
  source = next
  poolAt = POOL.length
  return previous
}

/** The source set with {@link setRandomByteSource}, or `undefined` while the default (Web Crypto) is in use. */
export function getRandomByteSource(): RandomByteSource | undefined {
  return source
}

/** Refills the pool; a source that throws is reported as `random-source-failed` (its error the cause). */
function refill(): void {
  try {
    if (source === undefined) globalThis.crypto.getRandomValues(POOL)
    else source(POOL)
  } catch (cause) {
    const what = source === undefined ? 'Web Crypto getRandomValues' : 'the random byte source'
    throw new EventSchemaError(
      'random-source-failed',
      `newEventId: ${what} failed to fill ${POOL.length} bytes: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    )
  }
  poolAt = 0
}

function randomByte(): number {
  if (poolAt === POOL.length) refill()
  return POOL[poolAt++] as number
}

/**
 * A fresh lower-case UUIDv7: `now` (Unix ms, default `Date.now()`) in the first 48 bits, then the
 * version, a 12-bit counter and 62 random bits. Monotonic: a clock that stands still or steps back
 * reuses the last timestamp and counts up; a counter overflow borrows the next millisecond.
 * Throws `EventSchemaError` `random-source-failed` when the random-byte source fails.
 */
export function newEventId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now
    counter = ((randomByte() & 0x07) << 8) | randomByte() // random start, room to count up
  } else if (++counter > 0xfff) {
    lastMs++
    counter = 0
  }
  const time = lastMs.toString(16).padStart(12, '0')
  const b = BYTE_HEX
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter.toString(16).padStart(3, '0')}-` +
    `${b[0x80 | (randomByte() & 0x3f)]}${b[randomByte()]}-` +
    `${b[randomByte()]}${b[randomByte()]}${b[randomByte()]}${b[randomByte()]}${b[randomByte()]}${b[randomByte()]}`
  )
}
