/**
 * UUID checks without regular expressions, unrolled: they run twice per event on the read path
 * (event id and document id), where a regular expression or a loop costs about twice as much.
 * Each agrees exactly with its pattern in `primitives.ts` (a property test compares them).
 */

/** 1 for the lower-case hex digits, indexed by UTF-16 code unit (no range check needed). */
const HEX = new Uint8Array(65536)
for (const c of '0123456789abcdef') HEX[c.charCodeAt(0)] = 1

/** 1 when the code unit of `s` at `i` is a lower-case hex digit, else 0 (inlined by V8). */
function hex(s: string, i: number): number {
  return HEX[s.charCodeAt(i)] as number
}

const CHAR_4 = 52
const CHAR_7 = 55

/**
 * The version digit (as a char code) of a canonical lower-case UUID of the RFC 9562 variant
 * (`10xx`), or -1 when `s` is not one.
 */
function uuidVersion(s: string): number {
  if (s.length !== 36) return -1
  if (
    s.charCodeAt(8) !== 45 ||
    s.charCodeAt(13) !== 45 ||
    s.charCodeAt(18) !== 45 ||
    s.charCodeAt(23) !== 45
  ) {
    return -1
  }
  const variant = s.charCodeAt(19)
  if (variant !== 56 && variant !== 57 && variant !== 97 && variant !== 98) return -1
  const allHex =
    (hex(s, 0) &
      hex(s, 1) &
      hex(s, 2) &
      hex(s, 3) &
      hex(s, 4) &
      hex(s, 5) &
      hex(s, 6) &
      hex(s, 7) &
      hex(s, 9) &
      hex(s, 10) &
      hex(s, 11) &
      hex(s, 12) &
      hex(s, 14) &
      hex(s, 15) &
      hex(s, 16) &
      hex(s, 17) &
      hex(s, 20) &
      hex(s, 21) &
      hex(s, 22) &
      hex(s, 24) &
      hex(s, 25) &
      hex(s, 26) &
      hex(s, 27) &
      hex(s, 28) &
      hex(s, 29) &
      hex(s, 30) &
      hex(s, 31) &
      hex(s, 32) &
      hex(s, 33) &
      hex(s, 34) &
      hex(s, 35)) ===
    1
  return allHex ? s.charCodeAt(14) : -1
}

/** Same as testing `UUID_V4_PATTERN`: a lower-case UUID version 4 (the document id rule). */
export function isUuidV4(s: string): boolean {
  return uuidVersion(s) === CHAR_4
}

/**
 * Same as testing `EVENT_ID_PATTERN`: a lower-case UUID version 4 or 7 (the event id rule:
 * the factory generates v7, ids stored before it generated v4).
 */
export function isEventId(s: string): boolean {
  const version = uuidVersion(s)
  return version === CHAR_7 || version === CHAR_4
}
