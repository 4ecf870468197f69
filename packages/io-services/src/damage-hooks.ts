/**
 * Where each storage registers how to damage its own snapshots, for tests of the recovery paths
 * (a corrupt snapshot must be skipped and reported). Kept out of the storages' public types: the
 * only way to reach a hook is the `@wiretuner/io-services/testing` entry.
 */

/** Replaces a snapshot's stored blob as it is, bypassing framing and checks. */
export type SnapshotDamageHook = (documentId: string, snapshotId: number, blob: Uint8Array) => void

const hooks = new WeakMap<object, SnapshotDamageHook>()

/** Registers `storage`'s damage hook (called by the storages' constructors). */
export function registerDamageHook(storage: object, hook: SnapshotDamageHook): void {
  hooks.set(storage, hook)
}

/** The damage hook of `storage`, if it is one of this package's storages. */
export function damageHookOf(storage: object): SnapshotDamageHook | undefined {
  return hooks.get(storage)
}
