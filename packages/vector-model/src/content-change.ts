/**
 * Change recording for drafts (see `DocumentDraft.beginChange` in `store.ts`): the journal of the
 * objects a run of edits touched (their values before), and the recorded change (both sides:
 * touched objects, artboards, selection, metadata) that an undo history keeps instead of frozen
 * documents.
 */
import type { HamtJournal } from './hamt.js'
import type { Artboard, Selection, VectorObject } from './types.js'

/**
 * One side (before or after) of a {@link ContentChange}: the values of the changed objects
 * (`undefined`: absent), and the artboards (with their layers), selection and metadata.
 */
export interface ContentSide {
  readonly objects: readonly (VectorObject | undefined)[]
  readonly artboards: readonly Artboard[]
  readonly selection: Selection
  readonly title: string
  readonly author: string | undefined
}

/**
 * What a draft's content changed between `beginChange()` and `recordedChange()`: the ids of the
 * objects touched and both sides. Restoring a side (see {@link DocumentDraft.applyChange}) onto a
 * draft whose content is the other side gives exactly that side's content (the viewport is kept).
 */
export interface ContentChange {
  readonly objectIds: readonly string[]
  readonly before: ContentSide
  readonly after: ContentSide
}

/**
 * The object journal of a recording: the ids touched and their values before, in order of first
 * touch. Arrays reused by every recording (no hash table or new backing store per recording; a
 * `Set` index only for large recordings); `recordedChange()` copies them out at their size.
 */
export class ObjectJournal implements HamtJournal<VectorObject> {
  // slots [0, size) are in use; the arrays never shrink (`length = 0` would free their storage)
  readonly #ids: string[] = []
  readonly #olds: (VectorObject | undefined)[] = []
  #size = 0
  #index: Set<string> | undefined = undefined

  has(key: string): boolean {
    if (this.#index !== undefined) return this.#index.has(key)
    const ids = this.#ids
    for (let i = 0; i < this.#size; i++) if (ids[i] === key) return true
    return false
  }

  note(key: string, old: VectorObject | undefined): void {
    const i = this.#size++
    if (i < this.#ids.length) {
      this.#ids[i] = key
      this.#olds[i] = old
    } else {
      this.#ids.push(key)
      this.#olds.push(old)
    }
    if (this.#index !== undefined) this.#index.add(key)
    else if (this.#size > 8) this.#index = new Set(this.#ids.slice(0, this.#size))
  }

  /** Starts over: empty, or with a recorded change's ids and values before. */
  reset(ids?: readonly string[], olds?: readonly (VectorObject | undefined)[]): void {
    // drop references to the previous recording's objects
    this.#olds.fill(undefined, 0, this.#size)
    this.#size = 0
    this.#index = undefined
    if (ids !== undefined && olds !== undefined) {
      for (let i = 0; i < ids.length; i++) this.note(ids[i] as string, olds[i])
    }
  }

  /** The ids noted, in order of first touch (a copy). */
  ids(): string[] {
    return this.#ids.slice(0, this.#size)
  }

  /** The values before, parallel to {@link ids} (a copy). */
  olds(): (VectorObject | undefined)[] {
    return this.#olds.slice(0, this.#size)
  }
}

/** The recording of a change in progress (see {@link DocumentDraft.beginChange}); one per draft. */
export interface Journal {
  readonly objects: ObjectJournal
  artboards: readonly Artboard[]
  selection: Selection
  title: string
  author: string | undefined
}

/** A {@link ContentChange} as recorded: plain readonly data, like the rest of an undo history. */
export function recordedChange(
  journal: Journal,
  ids: readonly string[],
  after: readonly (VectorObject | undefined)[],
  now: Omit<ContentSide, 'objects'>,
): ContentChange {
  return {
    objectIds: ids,
    before: {
      objects: journal.objects.olds(),
      artboards: journal.artboards,
      selection: journal.selection,
      title: journal.title,
      author: journal.author,
    },
    after: {
      objects: after,
      artboards: now.artboards,
      selection: now.selection,
      title: now.title,
      author: now.author,
    },
  }
}
