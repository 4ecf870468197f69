/**
 * One user's undo/redo stacks while a `Folder` folds (fold.ts): copy-on-write arrays shared with
 * the state folded from until the first change, so a fold that leaves a user's history alone hands
 * the same history object back.
 */
import type { UndoGroup, UserHistory } from './state.js'

/**
 * One user's stacks while folding (see {@link UserHistory}). The arrays are those of `source`
 * (the state folded from, or the last `state()`) until the first change, which copies them
 * ({@link own}): a fold that leaves a user's history alone hands the same object back.
 */
export interface Stacks {
  undo: UndoGroup[]
  redo: UndoGroup[]
  open: string | undefined
  pending: { readonly groupId: string; readonly label: string } | undefined
  /** The history the arrays belong to while `owned` is false. */
  source: UserHistory | undefined
  owned: boolean
}

/** The stacks of `h`, sharing its arrays until the first change. */
export function stacksOf(h: UserHistory): Stacks {
  return {
    undo: h.undoStack as UndoGroup[],
    redo: h.redoStack as UndoGroup[],
    open: h.openGroupId,
    pending: h.pendingLabel,
    source: h,
    owned: false,
  }
}

/** `s` with arrays of its own, safe to change in place. */
export function own(s: Stacks): Stacks {
  if (!s.owned) {
    s.undo = s.undo.slice()
    s.redo = s.redo.slice()
    s.owned = true
  }
  return s
}

/** True when the user has no group, no open group and no pending label. */
export const isEmpty = (s: Stacks): boolean =>
  s.undo.length === 0 && s.redo.length === 0 && s.open === undefined && s.pending === undefined
