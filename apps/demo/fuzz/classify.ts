/**
 * How a fuzz case ended. Each command's outcome is one of a few kinds; the case's class is the
 * worst of them, in this order: hang, crash, wrote (a read changed the file), wrong success (a
 * document other than the undamaged one, with exit 0, while `validate` passed the file),
 * healthy (every read gave the undamaged document and validate passed), problems reported, and
 * clean typed error (every command refused the file with a typed error).
 */

/** One command's outcome. */
export type Outcome =
  /** Exit 0 and, where there is a document, the undamaged one. */
  | 'healthy'
  /** Exit 0 with a document other than the undamaged one, and no problem said. */
  | 'differs'
  /** The command listed problems (validate failed, replay exit 1, session problems). */
  | 'reported'
  /** Refused with a typed error (one line, a code). */
  | 'typed-error'
  /** An unexpected error (no typed code) or a dead process. */
  | 'crash'

/** A case's class. */
export type CaseClass =
  | 'hang'
  | 'crash'
  | 'wrote'
  | 'wrong-success'
  | 'healthy'
  | 'problems-reported'
  | 'clean-typed-error'

/** Every class, in the order of the summary table. */
export const CASE_CLASSES: readonly CaseClass[] = [
  'clean-typed-error',
  'problems-reported',
  'healthy',
  'crash',
  'hang',
  'wrong-success',
  'wrote',
]

/** Classes that fail a campaign. */
export const FAILING_CLASSES: ReadonlySet<CaseClass> = new Set(['crash', 'hang', 'wrong-success', 'wrote'])

/** The class of a case from its commands' outcomes (`validate` judges the file as a whole). */
export function classify(
  outcomes: Readonly<Record<string, Outcome>>,
  validate: Outcome,
  wrote: boolean,
): CaseClass {
  const all = [...Object.values(outcomes), validate]
  if (all.includes('crash')) return 'crash'
  if (wrote) return 'wrote'
  if (all.includes('differs') && validate !== 'reported' && validate !== 'typed-error') return 'wrong-success'
  if (all.every((o) => o === 'healthy')) return 'healthy'
  if (all.includes('reported') || all.includes('differs')) return 'problems-reported'
  return 'clean-typed-error'
}
