/**
 * Validation checks in two tiers. A fresh process (opening a document reads a few hundred events
 * of twenty-odd types) cannot repay generating and compiling code per type: the closure check
 * (`closure-check.ts`) is built in microseconds and warms up across all types. A type checked
 * {@link COMPILE_AFTER} times is hot: its generated check (`compile-check.ts`, about twice as fast
 * once optimized) replaces the closures.
 */
import type { TSchema } from 'typebox'
import { type Check, closureCheck } from './closure-check.js'
import { CAN_GENERATE_CODE } from './code-generation.js'
import { compileCheck } from './compile-check.js'

/** Calls after which a check is compiled to generated code. */
export const COMPILE_AFTER = 1000

/**
 * The check of `schema`: closures for the first {@link COMPILE_AFTER} calls, then generated code
 * (where code can be generated).
 */
export function tieredCheck(schema: TSchema, generate = CAN_GENERATE_CODE): Check {
  const cold = closureCheck(schema)
  if (!generate) return cold
  let check = cold
  let left = COMPILE_AFTER
  return (value) => {
    if (left > 0 && --left === 0) check = compileCheck(schema)
    return check(value)
  }
}
