/**
 * Whether this runtime compiles code from strings (`new Function`). The validators and
 * serializers are generated code on the fast path; where code generation is refused (a web page
 * under a strict Content-Security-Policy without `'unsafe-eval'`, Node with
 * `--disallow-code-generation-from-strings`) they fall back to interpreting the same schemas:
 * same results, slower.
 */

function probe(): boolean {
  try {
    return new Function('return true')() === true
  } catch {
    return false
  }
}

/** True when `new Function` works here (probed once, when the package loads). */
export const CAN_GENERATE_CODE: boolean = probe()
