/** A minimal typed listener set (the client's change, dropped, presence and status callbacks). */

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void

/** Listeners of one kind of notification; a throwing listener does not stop the others. */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>()

  /** Adds `listener`; returns its remover. */
  add(listener: (value: T) => void): Unsubscribe {
    this.#set.add(listener)
    return () => {
      this.#set.delete(listener)
    }
  }

  /** Calls every listener with `value`; returns the errors listeners threw. */
  emit(value: T): unknown[] {
    const errors: unknown[] = []
    for (const listener of [...this.#set]) {
      try {
        listener(value)
      } catch (error) {
        errors.push(error)
      }
    }
    return errors
  }
}
