/**
 * Files the CLI writes (`simulate --out`, `export-svg --out`): checked before any work (the
 * directory is writable, the output is not an input, even through a symlink or a hard link, and
 * an existing output is replaced only with `--force`), built under a temporary name in the same
 * directory and renamed over the output only when complete, so a failure, a full disk or a kill
 * leaves the previous file as it was and no partial output.
 */
import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { removeAbandonedTemporaries } from '@wiretuner/io-services/node'
import { CliError } from '../errors.js'

/** SQLite's companion files of a database. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const

/** What a command is about to write, checked by {@link checkOutput}. */
export interface OutputTarget {
  /** Absolute path of the output. */
  readonly path: string
  /** What it is, for messages ("the SVG", "the document"). */
  readonly what: string
  /** Replace an existing output. */
  readonly force: boolean
  /** Files the command reads: the output may never be one of them. */
  readonly inputs?: readonly string[]
}

/** Device and inode of `path` (following symlinks), or undefined when it does not exist. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path)
    return `${s.dev}:${s.ino}`
  } catch {
    return undefined
  }
}

/**
 * Checks an output before any work: its directory exists and is writable, it is no input (same
 * device and inode, so symlinks and hard links are caught), and it does not exist unless `force`
 * (and then it is a regular file without a non-empty `-wal`, which would belong to an open or
 * uncleanly closed database).
 */
export function checkOutput(target: OutputTarget): void {
  const { path, what } = target
  const dir = dirname(path)
  if (!existsSync(dir))
    throw new CliError('output-unwritable', `cannot write ${what} ${path}: directory ${dir} does not exist`)
  if (!statSync(dir).isDirectory())
    throw new CliError('output-unwritable', `cannot write ${what} ${path}: ${dir} is not a directory`)
  try {
    accessSync(dir, constants.W_OK)
  } catch (err) {
    throw new CliError(
      'output-unwritable',
      `cannot write ${what} ${path}: directory ${dir} is not writable`,
      {
        cause: err,
      },
    )
  }
  const out = identity(path)
  for (const input of target.inputs ?? []) {
    if (out !== undefined && out === identity(input))
      throw new CliError(
        'output-is-input',
        `refusing to write ${what} ${path}: it is the input ${input} (the same file${path === input ? '' : ' through a link'})`,
      )
  }
  if (out === undefined) return
  if (statSync(path).isDirectory())
    throw new CliError('output-unwritable', `cannot write ${what} ${path}: it is a directory`)
  if (!target.force) throw new CliError('file-exists', `${path} already exists (use --force to replace it)`)
  if (!statSync(path).isFile())
    throw new CliError('output-unwritable', `cannot replace ${path}: it is not a regular file`)
  const wal = `${path}-wal`
  if (existsSync(wal) && statSync(wal).size > 0)
    throw new CliError(
      'output-unwritable',
      `cannot replace ${path}: it has a non-empty ${basename(wal)} (open in another process, or not closed cleanly)`,
    )
}

/** A fresh temporary name next to `path` (same directory, hence same file system for the rename). */
export function temporarySibling(path: string): string {
  const random = Math.floor(Math.random() * 0x1_0000_0000).toString(16)
  return join(dirname(path), `.${basename(path)}.partial-${process.pid}-${random}`)
}

function removeWithCompanions(path: string): void {
  for (const suffix of ['', ...COMPANIONS]) rmSync(`${path}${suffix}`, { force: true })
}

/**
 * Builds the output under a temporary name with `build` (which gets that name and must leave one
 * complete, closed file there), then renames it over `target.path`. On any failure the temporary
 * file and its companions are removed and the previous output is untouched.
 */
export async function buildOutput<T>(
  target: OutputTarget,
  build: (temporary: string) => Promise<T> | T,
): Promise<T> {
  checkOutput(target)
  // earlier builds of this output killed half-way left their temporaries: remove them
  removeAbandonedTemporaries(dirname(target.path), `.${basename(target.path)}.partial-`)
  const temporary = temporarySibling(target.path)
  try {
    const result = await build(temporary)
    // checked again: another process may have created the output meanwhile
    checkOutput(target)
    renameSync(temporary, target.path)
    // the replaced file's empty companions (a non-empty -wal was refused above)
    for (const suffix of COMPANIONS) rmSync(`${target.path}${suffix}`, { force: true })
    return result
  } catch (err) {
    removeWithCompanions(temporary)
    if (err instanceof CliError) throw err
    if (typeof (err as NodeJS.ErrnoException).code === 'string' && (err as Error).name === 'Error')
      throw new CliError(
        'output-unwritable',
        `cannot write ${target.what} ${target.path}: ${(err as Error).message}`,
        {
          cause: err,
        },
      )
    throw err
  }
}

/** Writes `data` to the output through {@link buildOutput}. */
export function writeOutput(target: OutputTarget, data: string | Uint8Array): Promise<void> {
  return buildOutput(target, (temporary) => writeFileSync(temporary, data, { flag: 'wx' }))
}
