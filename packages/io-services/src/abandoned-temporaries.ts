/**
 * Temporary files of interrupted writers. A file built under a temporary name (`x.creating-<pid>-…`
 * while a new .wiretuner file is created, a CLI output's `.x.partial-<pid>-…`) is renamed or
 * removed when its writer finishes or fails; a writer killed in between cannot clean up, so the
 * next writer of the same target removes the temporaries whose process no longer exists (with
 * their SQLite companions), and never those of a live process.
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** Whether a process with this id exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, owned by someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the files of `dir` named `<prefix><pid>-<anything>` (and `-wal`, `-shm`, `-journal`
 * companions) whose `<pid>` is no running process. Returns the names removed.
 */
export function removeAbandonedTemporaries(dir: string, prefix: string): readonly string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const match = /^(\d+)-/.exec(name.slice(prefix.length))
    if (match === null) continue
    const pid = Number(match[1])
    if (pid === process.pid || alive(pid)) continue
    rmSync(join(dir, name), { force: true })
    removed.push(name)
  }
  return removed
}
