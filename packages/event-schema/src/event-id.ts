/**
 * Event ids: time-ordered UUIDv7 (RFC 9562 §5.7). The first 48 bits are the Unix time in
 * milliseconds, so ids made later sort later and a log's unique eventId index grows at its right
 * edge (with random v4 ids every insert lands on a random page: the index alone halved the insert
 * rate). Within one millisecond the 12-bit `rand_a` field is a counter (RFC 9562 §6.2, method 1),
 * so the ids of one generator are strictly increasing; the remaining 62 bits are random.
 */

/** Random bytes drawn in bulk (one `getRandomValues` call per 512 ids). */
const POOL = new Uint8Array(8 * 512)
let poolAt = POOL.length

/** Lower-case two-digit hex of every byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/** Timestamp of the last id and its `rand_a` counter (12 bits). */
let lastMs = -1
let counter = 0

function randomByte(): number {
  if (poolAt === POOL.length) {
    globalThis.crypto.getRandomValues(POOL)
    poolAt = 0
  }
  return POOL[poolAt++] as number
}

/**
 * A fresh lower-case UUIDv7: `now` (Unix ms, default `Date.now()`) in the first 48 bits, then the
 * version, a 12-bit counter and 62 random bits. Monotonic: a clock that stands still or steps back
 * reuses the last timestamp and counts up; a counter overflow borrows the next millisecond.
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
