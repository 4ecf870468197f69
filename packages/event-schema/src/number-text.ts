/**
 * The JSON text of a finite number (`JSON.stringify(n)`, which for a finite number is
 * `String(n)`, with -0 written as `0`), with a shortcut for the numbers drawings are full of:
 * int32 values and values with at most two decimals (coordinates such as 100.25 or -12.5, an
 * opacity of 0.9). V8 writes any other double through its shortest-digits algorithm (~100 ns
 * each, its number-string cache rarely helping between collections); the shortcut writes the
 * digits of two int32s (~40 ns). The checked serializer uses it for `number` fields.
 *
 * Why the shortcut is exact: when `c = n * 100` is an int32 and `c / 100 === n`, `n` is the double
 * nearest to the decimal `c / 100` (the division is correctly rounded), so that decimal, written
 * with its trailing zeros dropped, reads back as `n`. No shorter decimal does: below 2^31 / 100
 * doubles lie less than 4e-9 apart, and any other decimal of at most two places lies at least
 * 0.01 away. So it is the shortest round-trip text, the one `String(n)` writes (between 1e-6 and
 * 1e21 without an exponent). A property test compares it with `JSON.stringify` on all doubles,
 * on two-decimal values and on their neighbouring doubles.
 */

/** JSON text of the finite number `n` (the caller has checked `Number.isFinite(n)`). */
export function numberText(n: number): string {
  // an int32 (also -0, whose JSON text is "0"): V8's fast integer path
  if ((n | 0) === n) return `${n}`
  const c = n * 100
  if ((c | 0) === c && c / 100 === n) {
    const a = c < 0 ? -c : c
    const whole = (a / 100) | 0
    const cents = a - whole * 100 // 1..99: n is not an integer
    const fraction = cents % 10 === 0 ? `.${cents / 10}` : cents < 10 ? `.0${cents}` : `.${cents}`
    return c < 0 ? `-${whole}${fraction}` : `${whole}${fraction}`
  }
  return `${n}`
}
